package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @Test
    void backendsListsScalarAsAvailableAndSelectsCpuSimdByPriority() {
        CliRun r = CliRun.of("backends");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("scalar") && l.contains("available")), r.out());
        // nn-cpu-simd is a runtime dependency of the CLI: priority 100 beats scalar's 0
        assertTrue(r.out().contains("selected: cpu-simd"), r.out());
    }

    @Test
    void unknownBackendFailsListingWhatExists() {
        String previous = System.getProperty("nn.backend");
        System.setProperty("nn.backend", "nope");
        try {
            CliRun r = CliRun.of("backends");
            assertEquals(2, r.status());
            assertTrue(r.err().contains("No usable backend for nn.backend=nope"), r.err());
            assertTrue(r.err().contains("scalar    available"), r.err());
        } finally {
            if (previous == null) {
                System.clearProperty("nn.backend");
            } else {
                System.setProperty("nn.backend", previous);
            }
        }
    }

    @Test
    void conformanceRunsEveryGoldenFileAndEndsWithTheSummaryLine() {
        Path golden = Path.of(System.getProperty("nn.golden.dir"));
        CliRun r = CliRun.of("conformance", "--golden", golden.toString(), "--backend", "scalar");
        List<String> lines = r.out().lines().toList();
        String last = lines.getLast();
        var m = Pattern.compile("(\\d+) passed, (\\d+) failed, (\\d+) skipped").matcher(last);
        assertTrue(m.matches(), last);
        int cases = Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3));
        long caseLines = lines.stream().filter(l -> l.matches("(PASS|FAIL|SKIP) .*")).count();
        assertEquals(cases, caseLines);
        assertEquals(Integer.parseInt(m.group(2)) > 0 ? 1 : 0, r.status(), r.out());
    }

    @Test
    void brokenAndMissingGoldenInputsAreReportedClearly(@TempDir Path dir) throws IOException {
        CliRun missing = CliRun.of("conformance", "--golden", dir.resolve("nothing").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("does not exist"), missing.err());

        CliRun empty = CliRun.of("conformance", "--golden", dir.toString());
        assertEquals(2, empty.status());
        assertTrue(empty.err().contains("holds no golden files"), empty.err());

        Files.writeString(dir.resolve("a_broken.json"), "{\"op\": \"layer_norm\", \"inputs\": [1,");
        Files.writeString(dir.resolve("b_no_op.json"), "{\"case_id\": \"b\"}");
        Files.writeString(dir.resolve("c_unknown.json"), "{\"op\": \"teleport\", \"case_id\": \"c\"}");
        CliRun r = CliRun.of("conformance", "--golden", dir.toString(), "--backend", "scalar");
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("FAIL a_broken a_broken.json: Malformed JSON at line 1"), r.out());
        assertTrue(r.out().contains("FAIL b b_no_op.json field 'op' is missing; expected a string"), r.out());
        assertTrue(r.out().contains("SKIP c op 'teleport' is not supported yet"), r.out());
        assertTrue(r.out().endsWith("0 passed, 2 failed, 1 skipped" + System.lineSeparator()), r.out());
    }

    /** The backend is made by Guice, which wraps the selection error: the user still sees one line and status 2. */
    @Test
    void unknownBackendIsOneCleanErrorWithStatus2() {
        CliRun r = CliRun.of("train", "--backend", "nope", "--epochs", "1", "--limit", "200");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("error: No usable backend for request 'nope'"), r.err());
        assertTrue(r.err().lines().noneMatch(l -> l.contains("ProvisionException") || l.startsWith("\tat ")), r.err());
    }
}
