package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nn cv --runner}: the folds run on the runner named, with the same output whichever runs them. */
class CvRunnerTest {
    @TempDir
    static Path shared;
    private static Path data;

    @BeforeAll
    static void unpackBundledData() throws IOException {
        data = BundledData.copyTo(shared.resolve("fashion"));
    }

    private static CliRun cv(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("cv", "--data", data.toString(), "--limit", "300", "--epochs",
                "2", "--folds", "3", "--model", "mlp:16", "--backend", "scalar", "--out", out.toString()));
        args.addAll(Arrays.asList(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /**
     * The output's lines without their timings (the seconds of each fold and of the whole run) and the report's
     * path, sorted: parallel folds print their progress lines in the order they finish.
     */
    private static List<String> withoutTimings(String out) {
        return out.replaceAll("\\d+\\.\\d s", "T s").replaceAll("(?m)^(\\s*\\d+(\\s+\\S+){6}\\s+)\\S+$", "$1T")
                .replaceAll("report: .*", "report:").lines().sorted().toList();
    }

    @Test
    void theLocalRunnerByNameGivesTheDefaultRunsOutputApartFromTimings(@TempDir Path a, @TempDir Path b,
                                                                         @TempDir Path c) throws IOException {
        CliRun plain = cv(a);
        CliRun named = cv(b, "--runner", "local", "--runner-option", "parallelism=2");
        CliRun parallel = cv(c, "--parallel", "2");
        for (CliRun r : List.of(plain, named, parallel)) {
            assertEquals(0, r.status(), r.out() + r.err());
        }
        assertTrue(plain.out().contains("fold 3/3 done: 2 epochs, val_loss "), plain.out());
        assertEquals(withoutTimings(plain.out()), withoutTimings(named.out()));
        assertEquals(withoutTimings(plain.out()), withoutTimings(parallel.out()));
        String csv = Files.readString(a.resolve("metrics.csv")).replaceAll(",[0-9.E-]+\\n", "\n");
        assertEquals(csv, Files.readString(b.resolve("metrics.csv")).replaceAll(",[0-9.E-]+\\n", "\n"));
    }

    @Test
    void anUnknownRunnerIsRefusedBeforeAnythingRuns(@TempDir Path out) {
        CliRun r = cv(out, "--runner", "spark");
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().strip().startsWith("error: Unknown trial runner 'spark'. Installed: local. A runner is a "
                + "module or jar that provides dev.nn.validate.trial.TrialRunnerProvider"), r.err());
        assertFalse(r.out().contains("fold 1/3"), r.out());
    }

    @Test
    void parallelIsTheLocalRunnersSettingOnly(@TempDir Path a, @TempDir Path b) {
        CliRun twice = cv(a, "--parallel", "2", "--runner-option", "parallelism=3");
        assertEquals(2, twice.status(), twice.err());
        assertEquals("error: --parallel 2 and --runner-option parallelism=3 both set the local runner's "
                + "parallelism; give one", twice.err().strip());
        CliRun unknown = cv(b, "--runner-option", "master=local[2]");
        assertEquals(2, unknown.status(), unknown.err());
        assertEquals("error: The local trial runner has no setting 'master'; its only setting is parallelism=N "
                + "(trials at once, default 1)", unknown.err().strip());
    }
}
