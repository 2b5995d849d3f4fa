package dev.nn.conformance.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.conformance.CaseResult;
import dev.nn.conformance.ConformanceRunner;
import dev.nn.conformance.GoldenOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
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
}
