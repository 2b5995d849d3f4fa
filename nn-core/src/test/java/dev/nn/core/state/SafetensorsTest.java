package dev.nn.core.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Layer;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors reader and writer against files written by PyTorch 1.13 (tools/make_nn_core_fixtures.py, which
 * follows the reference implementation's serializer), plus every way a file can be broken.
 */
class SafetensorsTest {
    private static final Backend B = Backends.select("scalar");
    private static final Path DIR = Path.of("src/test/resources/dev/nn/core/state");
    private static final Path MLP = DIR.resolve("torch_mlp.safetensors");
    private static final Path BN = DIR.resolve("torch_bn.safetensors");

    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    static Map<String, Object> reference(String name) throws IOException {
        Map<String, Object> root = (Map<String, Object>) Json.parse(Files.readString(DIR.resolve(name)));
        return (Map<String, Object>) root.get("tensors");
    }

    @SuppressWarnings("unchecked")
    static float[] values(Object entry) {
        List<Object> l = (List<Object>) ((Map<String, Object>) entry).get("values");
        float[] out = new float[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).floatValue();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Shape shape(Object entry) {
        List<Object> l = (List<Object>) ((Map<String, Object>) entry).get("shape");
        return Shape.of(l.stream().mapToInt(o -> ((Number) o).intValue()).toArray());
    }

    @Test
    void readsPyTorchsFile() throws IOException {
        SafetensorsFile file = Safetensors.read(MLP);
        Map<String, Object> ref = reference("torch_mlp.json");
        assertEquals(ref.keySet(), file.tensors().keySet());
        ref.forEach((name, entry) -> {
            StoredTensor t = file.tensors().get(name);
            assertEquals("F32", t.dtype());
            assertEquals(shape(entry), t.shape(), name);
            assertArrayEquals(values(entry), t.values(), 0f, name);
        });
        assertEquals(Map.of("format", "pt"), file.metadata());
    }

    @Test
    void writesTheSameBytesAsPyTorch() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        // insertion order deliberately not the file order: the writer sorts like the reference implementation
        List<String> names = List.of("2.bias", "0.weight", "2.weight", "0.bias");
        Map<String, Object> ref = reference("torch_mlp.json");
        for (String n : names) {
            tensors.put(n, B.tensor(shape(ref.get(n)), values(ref.get(n))));
        }
        Path out = tmp.resolve("nn.safetensors");
        Safetensors.write(out, tensors, Map.of("format", "pt"));
        assertArrayEquals(Files.readAllBytes(MLP), Files.readAllBytes(out));
        assertArrayEquals(Files.readAllBytes(MLP), Safetensors.encode(tensors, Map.of("format", "pt")));
    }

    @Test
    void modelStateSaveGivesPyTorchsBytes() throws IOException {
        Layer model = TestLayers.mlp(B);
        ModelState.load(model, MLP);
        Path out = tmp.resolve("model.safetensors");
        ModelState.save(model, out, Map.of("format", "pt"));
        assertArrayEquals(Files.readAllBytes(MLP), Files.readAllBytes(out));
    }

    @Test
    void readsInt64NumBatchesTrackedIntoAFloatBuffer() throws IOException {
        SafetensorsFile file = Safetensors.read(BN);
        assertEquals("I64", file.tensors().get("num_batches_tracked").dtype());
        assertEquals(Shape.of(), file.tensors().get("num_batches_tracked").shape());
        Layer bn = TestLayers.batchNorm(B, 3);
        ModelState.load(bn, BN);
        assertArrayEquals(new float[] {2f}, bn.namedBuffers().get("num_batches_tracked").toArray());
        Map<String, Object> ref = reference("torch_bn.json");
        for (String n : List.of("running_mean", "running_var")) {
            assertArrayEquals(values(ref.get(n)), bn.namedBuffers().get(n).toArray(), 0f, n);
        }
        assertArrayEquals(new float[] {1.5f, -0.5f, 2f}, bn.namedParameters().get("weight").value().toArray());
    }

    @Test
    void escapesNamesAndMetadataLikeJson() {
        Map<String, Tensor> t = Map.of("a\"b\\c\n\u0001é", B.tensor(Shape.of(1), new float[] {1f}));
        byte[] bytes = Safetensors.encode(t, Map.of("k", "v\t"));
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"__metadata__\":{\"k\":\"v\\t\"},\"a\\\"b\\\\c\\n\\u0001é\":{\"dtype\":\"F32\",\"shape\":[1],"
                + "\"data_offsets\":[0,4]}}", header.stripTrailing());
        assertEquals(0, n % 8);
        SafetensorsFile back = Safetensors.decode(bytes, "mem");
        assertEquals(Map.of("k", "v\t"), back.metadata());
        assertArrayEquals(new float[] {1f}, back.tensors().get("a\"b\\c\n\u0001é").values());
    }

    // ---- broken files ---------------------------------------------------------------------------------------

    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        return buf.array();
    }

    private static String error(byte[] bytes) {
        return assertThrows(CheckpointException.class, () -> Safetensors.decode(bytes, "x.safetensors"))
                .getMessage();
    }

    @Test
    void rejectsTruncatedFilesNamingTheOffset() throws IOException {
        byte[] good = Files.readAllBytes(MLP);
        String m = error(Arrays.copyOf(good, 5));
        assertTrue(m.contains("x.safetensors is truncated: it has 5 bytes") && m.contains("offset 0"), m);
        m = error(Arrays.copyOf(good, 40));
        assertTrue(m.contains("is truncated: its JSON header runs from offset 8 to"), m);
        m = error(Arrays.copyOf(good, good.length - 1));
        assertTrue(m.contains("is truncated: tensor '2.weight' needs bytes"), m);
        assertTrue(m.contains("but the file has only " + (good.length - 1) + " bytes"), m);
        Path cut = tmp.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(good, good.length - 10));
        m = assertThrows(CheckpointException.class, () -> Safetensors.read(cut)).getMessage();
        assertTrue(m.startsWith(cut + " is truncated"), m);
    }

    @Test
    void rejectsBadHeaders() {
        byte[] huge = new byte[16];
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
        assertTrue(error(huge).contains("header length at offset 0 is 1099511627776 bytes"), error(huge));
        String m = error(file("{\"a\": [", 0));
        assertTrue(m.contains("bad header: the JSON at offset 8 is malformed"), m);
        m = error(file("[1, 2]  ", 0));
        assertTrue(m.contains("must be an object of tensor entries, got [1, 2]"), m);
        m = error(file("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4));
        assertTrue(m.contains("tensor 'w': dtype F16 is not supported; nn reads [F32, F64, I32, I64]"), m);
        m = error(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8));
        assertTrue(m.contains("tensor 'w': shape [3] of F32 needs 12 bytes but data_offsets [0, 8) span 8"), m);
        m = error(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,8]}}", 8));
        assertTrue(m.contains("shape entry 0 must be a non-negative integer, got -1"), m);
        m = error(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4));
        assertTrue(m.contains("data_offsets must be [begin, end]"), m);
        m = error(file("{\"__metadata__\":{\"k\":1}}", 0));
        assertTrue(m.contains("__metadata__ value for 'k' must be a string, got 1"), m);
        byte[] notUtf8 = file("{\"\u00ff\":1}", 0);
        notUtf8[10] = (byte) 0xC3;
        notUtf8[11] = (byte) 0x28;
        assertTrue(error(notUtf8).contains("are not UTF-8 text"), error(notUtf8));
    }

    @Test
    void aDeeplyNestedHeaderIsABadHeaderNotAStackOverflow() {
        String m = error(file("[".repeat(100_000), 0));
        assertTrue(m.startsWith("x.safetensors has a bad header: the JSON at offset 8 is malformed (Malformed JSON at "
                + "line 1, column 1001: arrays and objects nested more than 1000 deep"), m);
    }

    @Test
    void rejectsGapsAndTrailingBytes() {
        String m = error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8));
        assertTrue(m.contains("tensor 'a' has data_offsets [4, 8)") && m.contains("expected it to start at 0"), m);
        m = error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 12));
        assertTrue(m.contains("has 8 bytes after the last tensor"), m);
    }

    @Test
    void rejectsReservedAndEmptyNamesOnWrite() {
        var e = assertThrows(CheckpointException.class, () -> Safetensors.encode(
                Map.of("__metadata__", B.zeros(Shape.of(1))), null));
        assertTrue(e.getMessage().contains("'__metadata__' is reserved"), e.getMessage());
    }

    @Test
    void namesUtf8CannotHoldAreRefusedOnWrite() {
        // found by SafetensorsPropertyTest: an unpaired surrogate was written as '?' and read back as another name
        var e = assertThrows(CheckpointException.class, () -> Safetensors.encode(
                Map.of("w\ud800", B.tensor(Shape.of(1), new float[] {1f})), null));
        assertEquals("Tensor name 'w\ud800' cannot be stored in safetensors: its character 1 (U+D800) is half of a "
                + "UTF-16 surrogate pair, which the file's UTF-8 header cannot hold; use valid Unicode text",
                e.getMessage());
        assertThrows(CheckpointException.class, () -> Safetensors.encode(Map.of(), Map.of("k", "\udc00")));
        String pair = "\ud83d\ude00";
        var file = Safetensors.decode(Safetensors.encode(Map.of(pair, B.tensor(Shape.of(1), new float[] {1f})),
                Map.of(pair, pair)), "pair");
        assertEquals(List.of(pair), List.copyOf(file.tensors().keySet()), "a whole pair is stored");
        assertEquals(Map.of(pair, pair), file.metadata());
    }

    @Test
    void missingFile() {
        Path nowhere = tmp.resolve("none.safetensors");
        var e = assertThrows(CheckpointException.class, () -> Safetensors.read(nowhere));
        assertEquals("Checkpoint " + nowhere + " does not exist", e.getMessage());
    }
}
