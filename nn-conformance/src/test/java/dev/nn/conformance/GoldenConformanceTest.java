package dev.nn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every golden file of the repository's {@code golden/} directory (system property {@code nn.golden.dir}) on
 * the scalar reference backend: no case may FAIL, and the ops nn implements must PASS (never SKIP).
 */
class GoldenConformanceTest {
    private static final Backend SCALAR = Backends.select("scalar");

    private static Path goldenDir() {
        String dir = System.getProperty("nn.golden.dir");
        assertTrue(dir != null && !dir.isBlank(), "system property nn.golden.dir must name the golden directory");
        return Path.of(dir);
    }

    @Test
    void noGoldenCaseFailsOnTheScalarBackend() {
        List<String> lines = new ArrayList<>();
        ConformanceRunner.Summary summary = new ConformanceRunner(GoldenOps.all()).run(goldenDir(), SCALAR,
                lines::add);
        System.out.println("golden on scalar: " + summary.line());
        lines.stream().filter(l -> l.startsWith("SKIP")).forEach(System.out::println);
        List<String> failures = lines.stream().filter(l -> l.startsWith("FAIL")).toList();
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(0, summary.failed(), summary.line());
    }

    @Test
    void everyNormalizationAndErrorFactsCasePasses() throws Exception {
        ConformanceRunner runner = new ConformanceRunner(GoldenOps.all());
        List<CaseResult> results = new ArrayList<>();
        try (Stream<Path> files = Files.list(goldenDir())) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith("batch_norm_") || name.startsWith("layer_norm__")
                        || name.startsWith("group_norm__") || name.startsWith("instance_norm__")
                        || name.equals("error_facts.json")) {
                    results.addAll(runner.runFile(f, SCALAR));
                }
            }
        }
        // 22 BatchNorm + 7 LayerNorm + 5 GroupNorm + 5 InstanceNorm files, 18 error facts
        assertEquals(22 + 7 + 5 + 5 + 18, results.size(), results.toString());
        List<String> notPassed = results.stream().filter(r -> r.status() != CaseResult.Status.PASS)
                .map(CaseResult::line).toList();
        assertTrue(notPassed.isEmpty(), String.join("\n", notPassed));
    }
}
