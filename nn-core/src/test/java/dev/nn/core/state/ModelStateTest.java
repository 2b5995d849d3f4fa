package dev.nn.core.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save/load of whole models: round trips, strict matching, and atomic replacement under injected failures. */
class ModelStateTest {
    private static final Backend B = Backends.select("scalar");

    @TempDir
    Path tmp;

    private static Layer randomMlp(long seed) {
        Layer m = TestLayers.mlp(B);
        SplittableRandom r = new SplittableRandom(seed);
        for (Parameter p : m.namedParameters().values()) {
            float[] v = new float[p.value().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            p.set(v);
        }
        return m;
    }

    @Test
    void roundTripRestoresEveryValueExactly() {
        Layer a = randomMlp(1);
        Path f = tmp.resolve("a.safetensors");
        ModelState.save(a, f, Map.of("epoch", "3"));
        Layer b = randomMlp(2);
        Map<String, String> meta = ModelState.load(b, f);
        assertEquals(Map.of("epoch", "3"), meta);
        Map<String, float[]> sa = ModelState.snapshot(a);
        Map<String, float[]> sb = ModelState.snapshot(b);
        assertEquals(sa.keySet(), sb.keySet());
        sa.forEach((n, v) -> assertArrayEquals(v, sb.get(n), 0f, n));
    }

    @Test
    void snapshotIsACopyAndRestoreWritesItBack() {
        Layer a = randomMlp(3);
        Map<String, float[]> snap = ModelState.snapshot(a);
        Parameter w = a.namedParameters().get("0.weight");
        float before = w.value().toArray()[0];
        w.set(new float[w.value().size()]);
        assertEquals(before, snap.get("0.weight")[0]);
        ModelState.restore(a, snap);
        assertEquals(before, w.value().toArray()[0]);
    }

    @Test
    void missingAndUnexpectedNamesAreAllReportedAndNothingIsChanged() {
        Path f = tmp.resolve("bn.safetensors");
        ModelState.save(TestLayers.batchNorm(B, 3), f);
        Layer mlp = randomMlp(4);
        Map<String, float[]> before = ModelState.snapshot(mlp);
        String m = assertThrows(CheckpointException.class, () -> ModelState.load(mlp, f)).getMessage();
        assertTrue(m.startsWith("Cannot load checkpoint " + f + " into StateOnly: "), m);
        assertTrue(m.contains("missing tensors [0.bias, 0.weight, 2.bias, 2.weight] (in the model, not in the "
                + "checkpoint)"), m);
        assertTrue(m.contains("unexpected tensors [bias, num_batches_tracked, running_mean, running_var, weight] "
                + "(in the checkpoint, not in the model)"), m);
        Map<String, float[]> after = ModelState.snapshot(mlp);
        before.forEach((n, v) -> assertArrayEquals(v, after.get(n), 0f, n));
    }

    @Test
    void shapeMismatchNamesTheTensor() {
        Path f = tmp.resolve("bn4.safetensors");
        ModelState.save(TestLayers.batchNorm(B, 4), f);
        String m = assertThrows(CheckpointException.class, () -> ModelState.load(TestLayers.batchNorm(B, 3), f))
                .getMessage();
        assertTrue(m.contains("size mismatch for 'running_mean': the checkpoint has shape [4], the model has [3]"), m);
        assertTrue(m.contains("size mismatch for 'weight'"), m);
    }

    @Test
    void duplicateStateNamesAreRejected() {
        Layer clash = new TestLayers.StateOnly(List.of(new Parameter("w", ParameterRole.WEIGHT, B.zeros(Shape.of(1)))),
                Map.of("w", B.zeros(Shape.of(1))), Map.of());
        var e = assertThrows(CheckpointException.class, () -> ModelState.tensors(clash));
        assertTrue(e.getMessage().contains("both a parameter and a buffer 'w'"), e.getMessage());
    }

    // ---- atomic saves -------------------------------------------------------------------------------------------

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void failedWriteKeepsThePreviousFile() throws IOException {
        Path f = tmp.resolve("ckpt.safetensors");
        ModelState.save(randomMlp(5), f);
        byte[] previous = Files.readAllBytes(f);
        var e = assertThrows(CheckpointException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[100_000]); // more than the buffer: part of it reaches the temporary file
            throw new IOException("No space left on device (injected)");
        }));
        assertTrue(e.getMessage().contains("Writing " + f + " failed")
                && e.getMessage().contains("No space left on device (injected)")
                && e.getMessage().contains("the previous file, if any, is unchanged"), e.getMessage());
        assertArrayEquals(previous, Files.readAllBytes(f));
        assertEquals(List.of(), tempFiles());
    }

    /** A backend whose reads fail after {@code okReads} calls, as a device that dies in the middle of a save. */
    private static Backend failingAfter(int okReads) {
        int[] reads = {0};
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("read") && reads[0]++ >= okReads) {
                        throw new IllegalStateException("device lost (injected)");
                    }
                    try {
                        return method.invoke(B, args);
                    } catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
    }

    @Test
    void saveThatFailsHalfwayKeepsThePreviousCheckpoint() throws IOException {
        Path f = tmp.resolve("model.safetensors");
        Layer good = randomMlp(6);
        ModelState.save(good, f);
        byte[] previous = Files.readAllBytes(f);
        Backend dying = failingAfter(2);
        Tensor w = new Tensor(Shape.of(5, 4), dying, B.zeros(Shape.of(5, 4)).storage());
        Tensor bias = new Tensor(Shape.of(5), dying, B.zeros(Shape.of(5)).storage());
        Tensor w2 = new Tensor(Shape.of(3, 5), dying, B.zeros(Shape.of(3, 5)).storage());
        Layer model = new TestLayers.StateOnly(List.of(new Parameter("a", ParameterRole.BIAS, bias),
                new Parameter("b", ParameterRole.WEIGHT, w), new Parameter("c", ParameterRole.WEIGHT, w2)),
                Map.of(), Map.of());
        var e = assertThrows(CheckpointException.class, () -> ModelState.save(model, f));
        assertTrue(e.getMessage().contains("device lost (injected)"), e.getMessage());
        assertArrayEquals(previous, Files.readAllBytes(f));
        assertEquals(List.of(), tempFiles());
        ModelState.load(randomMlp(7), f); // still a valid checkpoint
    }

    @Test
    void checkpointGetsTheDirectorysUsualPermissionsNotOwnerOnly() throws IOException {
        Path f = tmp.resolve("perm.safetensors");
        ModelState.save(randomMlp(9), f);
        Path plain = Files.createFile(tmp.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f));
    }

    @Test
    void missingDirectoryIsExplained() {
        Path f = tmp.resolve("no/such/dir/m.safetensors");
        var e = assertThrows(CheckpointException.class, () -> ModelState.save(randomMlp(8), f));
        assertTrue(e.getMessage().contains("does not exist; create it first"), e.getMessage());
    }
}
