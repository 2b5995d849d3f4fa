package dev.nn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceRunnerTest {
    private static final String CASE = """
            {"op": "scale_by_two", "case_id": "scale_case", "params": {"factor": 2, "name": "x"},
             "inputs": {"x": {"shape": [2, 2], "dtype": "float32", "data": [1.0, 2.0, "NaN", -4.0]}},
             "outputs": {"y": {"shape": [2, 2], "dtype": "float32", "data": [2.0, 4.0, "NaN", -8.0]}},
             "tolerance": {"abs": 1e-05, "rel": 0.0001},
             "tolerance_overrides": {"y": {"abs": 0.0, "rel": 0.0}}}
            """;

    /** A checker that doubles its input, or gets it wrong on purpose. */
    private record Doubler(float factor) implements GoldenOp {
        @Override
        public Set<String> ops() {
            return Set.of("scale_by_two");
        }

        @Override
        public List<CaseResult> run(GoldenFile file, Backend backend) {
            float[] x = file.input("x").floats();
            for (int i = 0; i < x.length; i++) {
                x[i] *= factor;
            }
            return List.of(new Verdict(file.caseId()).compare(file, "y", x).result());
        }
    }

    @Test
    void toleranceRule() {
        Tolerance t = new Tolerance(1e-5, 1e-4);
        assertTrue(t.accepts(100, 100.0100));
        assertFalse(t.accepts(100, 100.0101));
        assertTrue(t.accepts(Double.NaN, Double.NaN));
        assertFalse(t.accepts(1, Double.NaN));
        assertFalse(t.accepts(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        assertTrue(Tolerance.EXACT.accepts(3, 3));
        for (double[] bad : new double[][] {{Double.POSITIVE_INFINITY, 0}, {0, Double.POSITIVE_INFINITY},
                {Double.NaN, 0}, {0, -1e-5}}) {
            var e = assertThrows(IllegalArgumentException.class, () -> new Tolerance(bad[0], bad[1]));
            assertTrue(e.getMessage().startsWith("A tolerance needs finite bounds >= 0, got abs="), e.getMessage());
        }
    }

    @Test
    void goldenFileAccessorsAndOverrides(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("scale.json"), CASE);
        GoldenFile g = GoldenFile.read(f);
        assertEquals("scale_by_two", g.op());
        assertEquals(2, g.paramInt("factor"));
        assertEquals(Tolerance.EXACT, g.tolerance("y"));
        assertEquals(List.of(2), List.of(g.input("x").shape()[0]));
        assertTrue(Float.isNaN(g.input("x").floats()[2]));
        var e = assertThrows(GoldenFormatException.class, () -> g.paramInt("name"));
        assertEquals("scale.json field 'params.name' must be an integer, got x", e.getMessage());
        var missing = assertThrows(GoldenFormatException.class, () -> g.input("w"));
        assertEquals("scale.json field 'inputs.w' is missing; expected an object", missing.getMessage());
    }

    @Test
    void dataThatDoesNotFitItsShapeIsAFormatError(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("bad.json"), CASE.replace("[2.0, 4.0, \"NaN\", -8.0]", "[2.0]"));
        var e = assertThrows(GoldenFormatException.class, () -> GoldenFile.read(f).output("y"));
        assertEquals("bad.json field 'outputs.y.data' has 1 values but shape [2, 2] needs 4", e.getMessage());
        // a shape of 2^64 values wrapped to 0 and matched empty data; a negative dimension matched by sign
        Path wrapped = Files.writeString(dir.resolve("wrapped.json"), CASE.replace("\"shape\": [2, 2], \"dtype\": "
                + "\"float32\", \"data\": [2.0, 4.0, \"NaN\", -8.0]", "\"shape\": [65536, 65536, 65536, 65536], "
                + "\"dtype\": \"float32\", \"data\": []"));
        e = assertThrows(GoldenFormatException.class, () -> GoldenFile.read(wrapped).output("y"));
        assertEquals("wrapped.json field 'outputs.y.data' has 0 values but shape [65536, 65536, 65536, 65536] "
                + "needs 2147483648", e.getMessage());
        Path negative = Files.writeString(dir.resolve("negative.json"), CASE.replace("\"shape\": [2, 2], \"dtype\": "
                + "\"float32\", \"data\": [2.0, 4.0, \"NaN\", -8.0]", "\"shape\": [-1, -2], \"dtype\": \"float32\", "
                + "\"data\": [2.0, 4.0]"));
        e = assertThrows(GoldenFormatException.class, () -> GoldenFile.read(negative).output("y"));
        assertEquals("negative.json field 'outputs.y.shape'[0] is -1; a dimension is a size >= 0", e.getMessage());
    }

    @Test
    void passFailAndFirstMismatch(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("scale.json"), CASE);
        Files.writeString(dir.resolve("index.json"), "{\"cases\": []}");   // a listing, never run
        Backend b = Backends.select("scalar");
        List<String> lines = new ArrayList<>();
        var pass = new ConformanceRunner(List.of(new Doubler(2f))).run(dir, b, lines::add);
        assertEquals(new ConformanceRunner.Summary(1, 0, 0), pass);
        assertEquals(List.of("PASS scale_case"), lines);

        lines.clear();
        var fail = new ConformanceRunner(List.of(new Doubler(3f))).run(dir, b, lines::add);
        assertEquals("0 passed, 1 failed, 0 skipped", fail.line());
        assertEquals(List.of("FAIL scale_case output=y index=0 expected=2.0 actual=3.0"), lines);
    }

    @Test
    void aCheckerThatThrowsFailsItsCaseAndTheRunGoesOn(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.json"), CASE);
        Files.writeString(dir.resolve("b.json"), CASE.replace("scale_case", "second"));
        GoldenOp broken = mock(GoldenOp.class);
        when(broken.ops()).thenReturn(Set.of("scale_by_two"));
        when(broken.run(any(), any())).thenThrow(new IllegalStateException("kernel exploded"));
        List<String> lines = new ArrayList<>();
        var s = new ConformanceRunner(List.of(broken)).run(dir, Backends.select("scalar"), lines::add);
        assertEquals(2, s.failed());
        assertEquals("FAIL scale_case error: kernel exploded", lines.get(0));
        verify(broken, org.mockito.Mockito.times(2)).run(any(), any());
    }

    @Test
    void aDeeplyNestedGoldenFileFailsAloneAndTheRunGoesOn(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a_nested.json"), "{\"op\": \"scale_by_two\", \"params\": "
                + "[".repeat(100_000));
        Files.writeString(dir.resolve("b.json"), CASE);
        List<String> lines = new ArrayList<>();
        var s = new ConformanceRunner(List.of(new Doubler(2f))).run(dir, Backends.select("scalar"), lines::add);
        assertEquals(new ConformanceRunner.Summary(1, 1, 0), s, String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("FAIL a_nested a_nested.json: Malformed JSON at line 1, column "),
                lines.get(0));
        assertTrue(lines.get(0).contains("nested more than 1000 deep"), lines.get(0));
        assertEquals("PASS scale_case", lines.get(1));
    }

    @Test
    void aCheckerThatOverflowsTheStackFailsItsCaseAndTheRunGoesOn(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.json"), CASE);
        GoldenOp deep = mock(GoldenOp.class);
        when(deep.ops()).thenReturn(Set.of("scale_by_two"));
        when(deep.run(any(), any())).thenThrow(new StackOverflowError());
        List<String> lines = new ArrayList<>();
        var s = new ConformanceRunner(List.of(deep)).run(dir, Backends.select("scalar"), lines::add);
        assertEquals(1, s.failed());
        assertEquals("FAIL scale_case error: java.lang.StackOverflowError (the case recursed too deeply)",
                lines.get(0));
    }

    @Test
    void aCaseTooLargeForTheHeapFailsAloneAndTheRunGoesOn(@TempDir Path dir) throws IOException {
        // found by GoldenFilePropertyTest: n_samples 2^31-1 in a KFold case threw OutOfMemoryError out of the run
        Path golden = Path.of(System.getProperty("nn.golden.dir"));
        String kfold = Files.readString(golden.resolve("sklearn_kfold.json"));
        Files.writeString(dir.resolve("a_kfold.json"), kfold.replaceFirst("\"n_samples\": 10,",
                "\"n_samples\": 2147483647,"));
        Files.copy(golden.resolve("linear__n1_in3_out2_bias.json"), dir.resolve("b_linear.json"));
        List<String> lines = new ArrayList<>();
        var s = new ConformanceRunner(GoldenOps.all()).run(dir, Backends.select("scalar"), lines::add);
        assertEquals(1, s.failed(), String.join("\n", lines));
        assertEquals("FAIL sklearn_kfold error: java.lang.OutOfMemoryError: Requested array size exceeds VM limit "
                + "(the case asks for more memory than the heap has)", lines.get(0));
        assertEquals("PASS linear__n1_in3_out2_bias", lines.getLast());
    }

    @Test
    void aFileThatChecksNothingFails(@TempDir Path dir) throws IOException {
        // found by GoldenFilePropertyTest: error_facts.json with "cases": [] gave no result at all, not even a FAIL
        Path golden = Path.of(System.getProperty("nn.golden.dir"));
        Files.writeString(dir.resolve("facts.json"), Files.readString(golden.resolve("error_facts.json"))
                .replaceFirst("(?s)\"cases\": \\[.*\\],\\s*\"generator\"", "\"cases\": [], \"generator\""));
        List<String> lines = new ArrayList<>();
        var s = new ConformanceRunner(GoldenOps.all()).run(dir, Backends.select("scalar"), lines::add);
        assertEquals(new ConformanceRunner.Summary(0, 1, 0), s, String.join("\n", lines));
        assertEquals("FAIL error_facts facts.json holds no case to check (is its list of cases empty?); a golden "
                + "file checks at least one", lines.get(0));
    }

    @Test
    void aToleranceThatAcceptsEverythingOrNothingFailsItsFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a_inf.json"), CASE.replace("\"abs\": 0.0, \"rel\": 0.0", "\"abs\": \"Infinity\", \"rel\": 0.0"));
        Files.writeString(dir.resolve("b_huge.json"), CASE.replace("scale_case", "huge")
                .replace("\"abs\": 0.0, \"rel\": 0.0", "\"abs\": 0.0, \"rel\": 1e999"));
        Files.writeString(dir.resolve("c_nan.json"), CASE.replace("scale_case", "nan")
                .replace("\"abs\": 0.0, \"rel\": 0.0", "\"abs\": \"NaN\", \"rel\": 0.0"));
        Files.writeString(dir.resolve("d_negative.json"), CASE.replace("scale_case", "negative")
                .replace("\"tolerance\": {\"abs\": 1e-05", "\"tolerance\": {\"abs\": -1e-05")
                .replace(",\n \"tolerance_overrides\": {\"y\": {\"abs\": 0.0, \"rel\": 0.0}}", ""));
        Files.writeString(dir.resolve("e_good.json"), CASE.replace("scale_case", "good"));
        List<String> lines = new ArrayList<>();
        // a checker that is wrong everywhere: only a tolerance that accepts anything would let it pass
        var s = new ConformanceRunner(List.of(new Doubler(100f))).run(dir, Backends.select("scalar"), lines::add);
        assertEquals(new ConformanceRunner.Summary(0, 5, 0), s, String.join("\n", lines));
        assertEquals("FAIL scale_case a_inf.json field 'tolerance_overrides.y.abs' is Infinity; a tolerance must be a "
                + "finite number >= 0 (Infinity accepts any value, NaN or a negative one none); write the bound the "
                + "reference needs, e.g. 1e-05", lines.get(0));
        assertTrue(lines.get(1).startsWith("FAIL huge b_huge.json field 'tolerance_overrides.y.rel' is Infinity;"),
                lines.get(1));
        assertTrue(lines.get(2).startsWith("FAIL nan c_nan.json field 'tolerance_overrides.y.abs' is NaN;"),
                lines.get(2));
        assertTrue(lines.get(3).startsWith("FAIL negative d_negative.json field 'tolerance.abs' is -1.0E-5;"),
                lines.get(3));
        assertTrue(lines.get(4).startsWith("FAIL good output=y index=0"), lines.get(4));
    }

    @Test
    void twoCheckersForOneOpAreRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ConformanceRunner(List.of(new Doubler(2f), new Doubler(3f))));
        assertTrue(e.getMessage().startsWith("Op 'scale_by_two' is handled by both"), e.getMessage());
    }

    @Test
    void theShippedGoldenSetRunsWithoutFailures() {
        Path golden = Path.of(System.getProperty("nn.golden.dir"));
        List<String> lines = new ArrayList<>();
        var s = new ConformanceRunner(GoldenOps.all()).run(golden, Backends.select("scalar"), lines::add);
        assertEquals(0, s.failed(), String.join("\n", lines));
        assertEquals(0, s.skipped(), "every shipped op has a checker: " + String.join("\n", lines));
        assertTrue(s.passed() >= 240, s.line());
    }
}
