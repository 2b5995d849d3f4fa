package dev.nn.conformance.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backends;
import dev.nn.conformance.CaseResult;
import dev.nn.conformance.ConformanceRunner;
import dev.nn.conformance.GoldenOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs PyTorch's golden init_facts.json through the conformance runner: every fact must pass, none may be skipped. */
class InitFactsOpTest {
    private static Path goldenFile() {
        String dir = System.getProperty("nn.golden.dir");
        assertTrue(dir != null, "surefire sets nn.golden.dir to the repository's golden/ directory");
        Path file = Path.of(dir, "init_facts.json");
        assertTrue(Files.isRegularFile(file), file + " is missing");
        return file;
    }

    @Test
    void everyInitFactPasses() {
        List<CaseResult> results = new ConformanceRunner(GoldenOps.all())
                .runFile(goldenFile(), Backends.select("scalar"));
        List<String> notPassed = results.stream().filter(r -> r.status() != CaseResult.Status.PASS)
                .map(CaseResult::line).toList();
        assertEquals(List.of(), notPassed);
        // 10 gains, 2 gain errors, 5 fan shapes, 1 fan error, 15 xavier, 40 kaiming, 4 default layers, 3 MLP layers
        assertEquals(80, results.size(), () -> String.join("\n", results.stream().map(CaseResult::line).toList()));
        assertTrue(results.stream().anyMatch(r -> r.caseId().equals("init_facts/gain[leaky_relu,0.2]")));
    }

    @Test
    void aWrongFactFailsWithTheMismatch() throws java.io.IOException {
        Path broken = Files.createTempFile("init_facts", ".json");
        try {
            String text = Files.readString(goldenFile()).replace("\"value\": 1.6666666666666667",
                    "\"value\": 1.666667");
            Files.writeString(broken, text);
            List<CaseResult> results = new ConformanceRunner(GoldenOps.all())
                    .runFile(broken, Backends.select("scalar"));
            List<CaseResult> failed = results.stream().filter(r -> r.status() == CaseResult.Status.FAIL).toList();
            assertEquals(1, failed.size(), failed.toString());
            assertEquals("init_facts/gain[tanh]", failed.getFirst().caseId());
            assertTrue(failed.getFirst().detail().contains("expected=1.666667"), failed.getFirst().detail());
        } finally {
            Files.deleteIfExists(broken);
        }
    }
}
