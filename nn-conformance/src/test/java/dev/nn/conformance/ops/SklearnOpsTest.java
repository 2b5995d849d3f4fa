package dev.nn.conformance.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.conformance.CaseResult;
import dev.nn.conformance.ConformanceRunner;
import dev.nn.conformance.GoldenFile;
import dev.nn.conformance.GoldenFormatException;
import dev.nn.conformance.GoldenOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SklearnOpsTest {
    private static Path goldenDir() {
        String dir = System.getProperty("nn.golden.dir");
        assertTrue(dir != null && Files.isDirectory(Path.of(dir)),
                "system property nn.golden.dir must name the golden directory, got " + dir);
        return Path.of(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sklearn_kfold.json", "sklearn_stratified_kfold.json", "sklearn_train_test_split.json",
        "sklearn_learning_curve.json"})
    void everyCaseOfTheScikitLearnGoldenFilePasses(String name) {
        Backend backend = Backends.select("scalar");
        List<CaseResult> results = new ConformanceRunner(GoldenOps.all()).runFile(goldenDir().resolve(name), backend);
        List<String> notPassed = new ArrayList<>();
        for (CaseResult r : results) {
            if (r.status() != CaseResult.Status.PASS) {
                notPassed.add(r.line());
            }
        }
        assertEquals(List.of(), notPassed, name);
        assertTrue(results.size() >= 4, name + " produced only " + results.size() + " results");
        System.out.println(name + ": " + results.size() + " PASS");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sklearn_kfold|KFold(...).split(np.zeros(...))",
        "sklearn_stratified_kfold|StratifiedKFold(...).split(X, y=[...])"})
    void anErrorCallThatCannotBeReplayedIsAFormatErrorNamingTheExpectedCall(String op, String shape,
                                                                            @TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve(op + ".json"), """
                {"op": "%s", "case_id": "%s", "set": "public", "params": {},
                 "tolerance": {"abs": 0.0, "rel": 0.0},
                 "errors": [{"call": "KFold(3).get_n_splits()", "exception_type": "ValueError", "message": "m"}]}
                """.formatted(op, op));
        GoldenFile file = GoldenFile.read(f);
        var e = assertThrows(GoldenFormatException.class, () -> new SklearnOps().run(file, Backends.select("scalar")));
        assertEquals(op + ".json field 'errors[0]'.call 'KFold(3).get_n_splits()' is not a " + shape
                + " call this checker can replay", e.getMessage());
    }
}
