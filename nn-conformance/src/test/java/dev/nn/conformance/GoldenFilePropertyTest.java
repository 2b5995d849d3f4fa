package dev.nn.conformance;

import static dev.nn.core.fuzz.ReaderContract.finishes;
import static dev.nn.core.fuzz.ReaderContract.readsOrRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.core.fuzz.Fuzz;
import dev.nn.core.fuzz.HostileBytes;
import dev.nn.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden files on hostile input (docs/fuzzing.md): reading one and every accessor gives values or a
 * {@link GoldenFormatException}; running one through the conformance runner gives its results (a broken file is a
 * FAIL) and never ends the run; and tensors written are read back. The damaged files are real golden cases with
 * their text damaged, or with one JSON value replaced by a hostile one (a huge, negative or fractional number, a
 * string, null, deep nesting).
 */
class GoldenFilePropertyTest {
    private static final Backend SCALAR = Backends.select("scalar");
    private static final ConformanceRunner RUNNER = new ConformanceRunner(GoldenOps.all());
    /** One small case per kind of checker: layers with shapes in their params, losses, statistics, facts. */
    private static final List<String> CASES = List.of("linear__n1_in3_out2_bias.json",
            "cross_entropy__n5c4_mean_ls0.json", "batch_norm_eval__2d_n6c4_affine_eps1e-5.json",
            "max_pool2d__n2c2h5w5_k3_s1_p0.json", "conv2d__n2c3h5w5_o4_k3_s1_p0_d1_g1.json",
            "sklearn_kfold.json", "error_facts.json", "dropout_facts.json");
    private static final List<Object> HOSTILE_VALUES = List.of(-1L, 0L, (long) Integer.MAX_VALUE,
            (long) Integer.MAX_VALUE + 1, Long.MAX_VALUE, Long.MIN_VALUE, 0.5, -1e300, 1e300, "NaN", "Infinity",
            "", "x", true, List.of(), List.of(-1L), List.of(65_536L, 65_536L, 65_536L, 65_536L), Map.of());
    private static final List<Double> SPECIAL = List.of(Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, -0.0);
    /** Fewer tries than nn-core's properties: each writes a file and may run a checker. */
    private static final Fuzz FUZZ = Fuzz.runner(100);

    @TempDir
    static Path dir;

    @Test
    void damagedTextIsReadOrAGoldenFormatException() {
        FUZZ.forAll(GoldenFilePropertyTest::damagedText, text -> {
            Path file = write(text);
            readsOrRefuses(GoldenFormatException.class, () -> readEverything(file));
        });
    }

    @Test
    void hostileValuesAreReadOrAGoldenFormatException() {
        FUZZ.forAll(GoldenFilePropertyTest::hostileValues, text -> {
            Path file = write(text);
            readsOrRefuses(GoldenFormatException.class, () -> readEverything(file));
        });
    }

    @Test
    void theRunnerReportsEveryDamagedFileAndGoesOn() {
        FUZZ.forAll(GoldenFilePropertyTest::hostileValues, text -> {
            Path file = write(text);
            List<CaseResult> results = finishes(() -> RUNNER.runFile(file, SCALAR));
            assertFalse(results.isEmpty(), "a file gives at least one result");
        });
    }

    @Test
    void writtenTensorsReadBackUnchanged() {
        FUZZ.forAll(GoldenFilePropertyTest::tensor, tensor -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("shape", tensor.shape());
            entry.put("dtype", tensor.dtype());
            entry.put("data", Arrays.stream(tensor.data()).mapToObj(GoldenFilePropertyTest::json).toList());
            Map<String, Object> doc = Map.of("op", "any", "inputs", Map.of(tensor.name(), entry));
            GoldenTensor read = GoldenFile.read(write(Json.writePretty(doc))).input(tensor.name());
            assertEquals(tensor.toString(), read.toString());
            assertArrayEquals(tensor.data(), read.data());
        });
    }

    /** A real case cut short, with characters inserted and lost, up to four edits. */
    private static String damagedText(SplittableRandom r) {
        StringBuilder text = new StringBuilder(golden(Fuzz.oneOf(r, CASES)));
        String insert = HostileBytes.text(r, r.nextInt(4));
        for (int i = 0, edits = 1 + r.nextInt(4); i < edits; i++) {
            int pos = r.nextInt(text.length() + 1);
            switch (i % 3) {
                case 0 -> text.setLength(pos);                                 // cut short
                case 1 -> text.insert(pos, insert);                            // characters inserted
                default -> text.delete(pos, Math.min(text.length(), pos + 3)); // characters lost
            }
        }
        return text.toString();
    }

    /** A real case with one JSON value replaced by a hostile one. */
    private static String hostileValues(SplittableRandom r) {
        Object root = mutableCopy(Json.parse(golden(Fuzz.oneOf(r, CASES))));
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        Object hostile = r.nextBoolean() ? Fuzz.oneOf(r, HOSTILE_VALUES) : nested(1 + r.nextInt(3 * Json.MAX_DEPTH));
        Fuzz.oneOf(r, slots).set(hostile);
        return nestedText(root);
    }

    /** A tensor of rank 0 to 3 holding finite values and the special values golden files spell as strings. */
    private static GoldenTensor tensor(SplittableRandom r) {
        int[] shape = new int[r.nextInt(4)];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = r.nextInt(4);
        }
        double[] data = new double[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextInt(4) == 0 ? Fuzz.oneOf(r, SPECIAL) : Fuzz.finiteDouble(r);
        }
        return new GoldenTensor("x", shape, Fuzz.oneOf(r, List.of("float32", "float64", "int64")), data);
    }

    /** Reads the file and every part a checker reads: params, tensors with their shapes, tolerances. */
    private static Object readEverything(Path file) {
        GoldenFile golden = GoldenFile.read(file);
        List<Object> parts = new ArrayList<>(List.of(golden.op(), golden.caseId(), golden.params()));
        if (golden.root().containsKey("inputs")) {
            golden.inputNames().forEach(n -> parts.add(golden.input(n).toShape()));
        }
        if (golden.root().containsKey("outputs")) {
            for (String n : golden.outputNames()) {
                parts.add(golden.output(n).toShape());
                parts.add(golden.tolerance(n));
            }
        }
        return parts;
    }

    /** A place in a JSON tree that holds a value. */
    private interface Slot {
        void set(Object value);
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<Slot> slots) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            for (String key : List.copyOf(map.keySet())) {
                slots.add(v -> map.put(key, v));
                collect(map.get(key), slots);
            }
        } else if (node instanceof List<?> l) {
            List<Object> list = (List<Object>) l;
            for (int i = 0; i < list.size(); i++) {
                int index = i;
                slots.add(v -> list.set(index, v));
                collect(list.get(i), slots);
            }
        }
    }

    private static Object mutableCopy(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put((String) k, mutableCopy(v)));
            return copy;
        }
        if (node instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(mutableCopy(v)));
            return copy;
        }
        return node;
    }

    /** Marks a value to be written as {@code depth} nested arrays around 0 (Json.write refuses to go that deep). */
    private record Nested(int depth) {
    }

    private static Object nested(int depth) {
        return new Nested(depth);
    }

    /** The tree as JSON text, with {@link Nested} markers spelled out. */
    private static String nestedText(Object root) {
        List<Nested> markers = new ArrayList<>();
        String text = Json.write(replaceMarkers(root, markers));
        for (int i = 0; i < markers.size(); i++) {
            int depth = markers.get(i).depth();
            text = text.replace("\"@nested" + i + "\"", "[".repeat(depth) + "0" + "]".repeat(depth));
        }
        return text;
    }

    /** A copy of the tree with each {@link Nested} marker replaced by a string naming it. */
    private static Object replaceMarkers(Object node, List<Nested> markers) {
        if (node instanceof Nested n) {
            markers.add(n);
            return "@nested" + (markers.size() - 1);
        }
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put((String) k, replaceMarkers(v, markers)));
            return copy;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(v -> replaceMarkers(v, markers)).toList();
        }
        return node;
    }

    private static Object json(double v) {
        return Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "Infinity" : "-Infinity") : (Object) v;
    }

    /** Writes the text as UTF-8, an unpaired surrogate that damage left in it as '?' (as an editor would). */
    private static Path write(String text) {
        try {
            return Files.write(dir.resolve("case.json"), text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String golden(String name) {
        try {
            return Files.readString(Path.of(System.getProperty("nn.golden.dir"), name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
