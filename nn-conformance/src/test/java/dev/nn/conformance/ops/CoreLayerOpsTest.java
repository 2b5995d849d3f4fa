package dev.nn.conformance.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.conformance.CaseResult;
import dev.nn.conformance.ConformanceRunner;
import dev.nn.conformance.GoldenFile;
import dev.nn.conformance.GoldenOps;
import dev.nn.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Runs the project golden files of the training core (layers and losses) through the conformance runner. */
class CoreLayerOpsTest {
    private final Backend scalar = Backends.select("scalar");

    private static Path goldenDir() {
        String dir = System.getProperty("nn.golden.dir");
        assertNotNull(dir, "system property nn.golden.dir must name the golden directory (the build sets it)");
        return Path.of(dir);
    }

    /** @return the golden files whose op CoreLayerOps handles */
    private static List<Path> coreFiles() throws IOException {
        Set<String> ops = new CoreLayerOps().ops();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(goldenDir())) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                if (!p.getFileName().toString().equals("index.json") && ops.contains(GoldenFile.read(p).op())) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    @Test
    void everyCoreGoldenCasePassesOnTheScalarBackend() throws IOException {
        ConformanceRunner runner = new ConformanceRunner(GoldenOps.all());
        List<Path> files = coreFiles();
        List<String> failures = new ArrayList<>();
        Set<String> opsSeen = new TreeSet<>();
        int passed = 0;
        for (Path file : files) {
            opsSeen.add(GoldenFile.read(file).op());
            for (CaseResult r : runner.runFile(file, scalar)) {
                if (r.status() == CaseResult.Status.PASS) {
                    passed++;
                } else {
                    failures.add(r.line());
                }
            }
        }
        System.out.println("[golden] training core: " + passed + " passed, " + failures.size() + " not passed, "
                + files.size() + " files");
        assertEquals(List.of(), failures);
        assertEquals(new TreeSet<>(new CoreLayerOps().ops()), opsSeen, "every op needs at least one golden file");
        assertTrue(passed >= 40, "expected the 40 project cases, found " + passed);
    }

    @Test
    void aPerturbedExpectedValueFails() throws IOException {
        Path file = goldenDir().resolve("conv2d__n2c4h7w7_o6_k3_s2_p1_d1_g2.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> root = new LinkedHashMap<>((Map<String, Object>) Json.parse(Files.readString(file)));
        @SuppressWarnings("unchecked")
        Map<String, Object> outputs = new LinkedHashMap<>((Map<String, Object>) root.get("outputs"));
        @SuppressWarnings("unchecked")
        Map<String, Object> gradWeight = new LinkedHashMap<>((Map<String, Object>) outputs.get("grad_weight"));
        @SuppressWarnings("unchecked")
        List<Object> data = new ArrayList<>((List<Object>) gradWeight.get("data"));
        // 1e-3 is twenty times the backward tolerance's absolute part
        data.set(7, ((Number) data.get(7)).doubleValue() + 1e-3);
        gradWeight.put("data", data);
        outputs.put("grad_weight", gradWeight);
        root.put("outputs", outputs);
        List<CaseResult> results = new CoreLayerOps().run(new GoldenFile(file.getFileName().toString(), root),
                scalar);
        assertEquals(CaseResult.Status.FAIL, results.get(0).status());
        assertTrue(results.get(0).detail().startsWith("output=grad_weight index=7"), results.get(0).detail());
    }
}
