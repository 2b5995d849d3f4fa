package dev.nn.core.state;

import static dev.nn.core.fuzz.ReaderContract.readsOrRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.fuzz.Fuzz;
import dev.nn.core.fuzz.HostileBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

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

    private static final Fuzz FUZZ = Fuzz.runner();

    @Test
    void arbitraryBytesAreTensorsOrACheckpointException() {
        FUZZ.forAll(HostileBytes::any, file ->
                readsOrRefuses(CheckpointException.class, () -> Safetensors.decode(file, "fuzzed.safetensors")));
    }

    @Test
    void damagedFilesAreTensorsOrACheckpointException() {
        FUZZ.forAll(r -> HostileBytes.damaged(r, VALID), file ->
                readsOrRefuses(CheckpointException.class, () -> Safetensors.decode(file, "fuzzed.safetensors")));
    }

    /** The header damaged and its length field fixed up, so that the damage reaches the JSON and its entries. */
    @Test
    void damagedHeadersAreTensorsOrACheckpointException() {
        FUZZ.forAll(SafetensorsPropertyTest::damagedHeader, file ->
                readsOrRefuses(CheckpointException.class, () -> Safetensors.decode(file, "fuzzed.safetensors")));
    }

    @Test
    void writtenTensorsReadBackUnchanged() {
        FUZZ.forAll(SafetensorsPropertyTest::tensors, values -> {
            Map<String, Tensor> tensors = new HashMap<>();
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
        });
    }

    private static byte[] damagedHeader(SplittableRandom r) {
        byte[] file = Fuzz.oneOf(r, VALID);
        int end = 8 + (int) headerLength(file);
        byte[] header = HostileBytes.damaged(r, List.of(Arrays.copyOfRange(file, 8, end)));
        byte[] data = Arrays.copyOfRange(file, end, file.length);
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).put(data).array();
    }

    /** Up to five tensors of up to 16 values, any float bits, with names of any text UTF-8 can hold (writing
     * refuses unpaired surrogates: {@link SafetensorsTest#namesUtf8CannotHoldAreRefusedOnWrite}). */
    private static Map<String, float[]> tensors(SplittableRandom r) {
        Map<String, float[]> tensors = new HashMap<>();
        for (int n = r.nextInt(6); tensors.size() < n; ) {
            String name = HostileBytes.text(r, 1 + r.nextInt(8));
            if (name.equals(new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                    && !name.equals("__metadata__")) {
                float[] values = new float[Fuzz.size(r, 16)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = Float.intBitsToFloat(r.nextInt());
                }
                tensors.put(name, values);
            }
        }
        return tensors;
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
