package dev.nn.core.state;

import static dev.nn.core.ReaderContract.readsOrRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.HostileBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The safetensors reader on hostile files (docs/fuzzing.md): tensors or a {@link CheckpointException}; and what
 * is written is read back. The valid files are PyTorch's (with an I64 counter) and nn's own.
 */
class SafetensorsPropertyTest {
    private static final Backend B = Backends.select("scalar");
    private static final Path DIR = Path.of("src/test/resources/dev/nn/core/state");
    private static final List<byte[]> VALID = List.of(
            read(DIR.resolve("torch_mlp.safetensors")),
            read(DIR.resolve("torch_bn.safetensors")),
            Safetensors.encode(Map.of("w", B.tensor(Shape.of(2, 2), new float[] {1, -2, 3.5f, Float.NaN}),
                    "b", B.tensor(Shape.of(), new float[] {7})), Map.of("epoch", "3")));

    @Property
    void arbitraryBytesAreTensorsOrACheckpointException(@ForAll("arbitrary") byte[] file) {
        readsOrRefuses(CheckpointException.class, () -> Safetensors.decode(file, "fuzzed.safetensors"));
    }

    @Property
    void damagedFilesAreTensorsOrACheckpointException(@ForAll("damaged") byte[] file) {
        readsOrRefuses(CheckpointException.class, () -> Safetensors.decode(file, "fuzzed.safetensors"));
    }

    /** The header damaged and its length field fixed up, so that the damage reaches the JSON and its entries. */
    @Property
    void damagedHeadersAreTensorsOrACheckpointException(@ForAll("damagedHeaders") byte[] file) {
        readsOrRefuses(CheckpointException.class, () -> Safetensors.decode(file, "fuzzed.safetensors"));
    }

    @Property
    void writtenTensorsReadBackUnchanged(@ForAll("tensors") Map<String, float[]> values) {
        Map<String, Tensor> tensors = new java.util.HashMap<>();
        values.forEach((name, v) -> tensors.put(name, B.tensor(Shape.of(v.length), v)));
        SafetensorsFile file = Safetensors.decode(Safetensors.encode(tensors, Map.of("k", "v")), "round trip");
        assertEquals(values.keySet(), file.tensors().keySet());
        values.forEach((name, v) -> {
            StoredTensor t = file.tensors().get(name);
            assertEquals("F32", t.dtype());
            assertEquals(Shape.of(v.length), t.shape());
            assertArrayEquals(v, t.values(), name);
        });
        assertEquals(Map.of("k", "v"), file.metadata());
    }

    @Provide
    Arbitrary<byte[]> arbitrary() {
        return HostileBytes.any();
    }

    @Provide
    Arbitrary<byte[]> damaged() {
        return HostileBytes.damaged(VALID);
    }

    @Provide
    Arbitrary<byte[]> damagedHeaders() {
        List<byte[]> headers = VALID.stream().map(f -> Arrays.copyOfRange(f, 8, 8 + (int) headerLength(f))).toList();
        return Combinators.combine(Arbitraries.integers().between(0, VALID.size() - 1),
                HostileBytes.damaged(headers)).as((i, header) -> {
                    byte[] file = VALID.get(i);
                    byte[] data = Arrays.copyOfRange(file, 8 + (int) headerLength(file), file.length);
                    return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                            .putLong(header.length).put(header).put(data).array();
                });
    }

    /** Up to five tensors of up to 16 values, any float bits, with names of any Unicode text (writing refuses
     * unpaired surrogates: {@link SafetensorsTest#namesUtf8CannotHoldAreRefusedOnWrite}). */
    @Provide
    Arbitrary<Map<String, float[]>> tensors() {
        Arbitrary<String> names = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(8)
                .filter(n -> n.equals(new String(n.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)))
                .filter(n -> !n.equals("__metadata__"));
        Arbitrary<float[]> values = Arbitraries.integers().map(Float::intBitsToFloat).array(float[].class)
                .ofMaxSize(16);
        return Arbitraries.maps(names, values).ofMaxSize(5);
    }

    private static long headerLength(byte[] file) {
        return ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
