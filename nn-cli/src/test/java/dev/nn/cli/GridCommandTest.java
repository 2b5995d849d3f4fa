package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end grid searches on a slice of the bundled Fashion-MNIST. */
class GridCommandTest {
    @TempDir
    static Path shared;
    private static Path data;

    @BeforeAll
    static void unpackBundledData() throws IOException {
        data = BundledData.copyTo(shared.resolve("fashion"));
    }

    private static String[] grid(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("grid", "--data", data.toString(), "--limit", "600",
                "--folds", "3", "--epochs", "1", "--model", "mlp:16", "--backend", "scalar", "--grid",
                "lr=0.001,0.01", "--grid", "batch=32,64", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** A candidate of the grid is exactly {@code nn cv} of its settings: same folds, same fold seeds. */
    @Test
    void eachCandidateScoresAsNnCvOfItsSettingsAndTheBestIsTheHighestMean(@TempDir Path out) throws IOException {
        CliRun r = CliRun.of(grid(out.resolve("grid")));
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("grid: 4 candidates (lr x batch) x StratifiedKFold(n_splits=3, shuffle=true, "
                + "seed=42) = 12 trials on the local runner"), r.out());
        Map<?, ?> metrics = (Map<?, ?>) Json.parse(Files.readString(out.resolve("grid/metrics.json")));
        List<?> candidates = (List<?>) metrics.get("candidates");
        assertEquals(4, candidates.size());

        Map<?, ?> third = (Map<?, ?>) candidates.get(2);
        assertEquals(Map.of("lr", "0.01", "batch", "32"), third.get("params"));
        CliRun cv = CliRun.of("cv", "--data", data.toString(), "--limit", "600", "--folds", "3", "--epochs", "1",
                "--model", "mlp:16", "--backend", "scalar", "--lr", "0.01", "--batch", "32", "--out",
                out.resolve("cv").toString());
        assertEquals(0, cv.status(), cv.err() + cv.out());
        List<?> cvFolds = (List<?>) ((Map<?, ?>) Json.parse(Files.readString(out.resolve("cv/metrics.json"))))
                .get("folds");
        List<?> gridFolds = (List<?>) third.get("folds");
        for (int f = 0; f < 3; f++) {
            assertNotNull(((Map<?, ?>) gridFolds.get(f)).get("val_accuracy"), "fold " + (f + 1));
            assertEquals(((Map<?, ?>) cvFolds.get(f)).get("val_accuracy"),
                    ((Map<?, ?>) gridFolds.get(f)).get("val_accuracy"), "fold " + (f + 1));
            assertEquals(((Map<?, ?>) cvFolds.get(f)).get("val_loss"), ((Map<?, ?>) gridFolds.get(f)).get("val_loss"),
                    "fold " + (f + 1));
        }

        int best = -1;
        double bestMean = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < candidates.size(); i++) {
            double mean = ((Number) ((Map<?, ?>) ((Map<?, ?>) candidates.get(i)).get("val_accuracy")).get("mean"))
                    .doubleValue();
            if (mean > bestMean) {
                bestMean = mean;
                best = i + 1;
            }
        }
        assertEquals(best, ((Number) metrics.get("best")).intValue());
        assertTrue(r.out().contains("best: candidate " + best + " ("), r.out());
        assertTrue(Files.readString(out.resolve("grid/summary.txt")).contains("best: candidate " + best));
        assertEquals(5, Files.readAllLines(out.resolve("grid/metrics.csv")).size(), "a header and 4 candidates");
    }

    @Test
    void theLocalRunnerInParallelGivesTheSequentialResults(@TempDir Path out) throws IOException {
        CliRun one = CliRun.of(grid(out.resolve("one")));
        CliRun two = CliRun.of(grid(out.resolve("two"), "--parallel", "2"));
        assertEquals(0, one.status(), one.err() + one.out());
        assertEquals(0, two.status(), two.err() + two.out());
        assertEquals(Files.readString(out.resolve("one/metrics.csv")), Files.readString(out.resolve("two/metrics.csv")));
    }

    @Test
    void aCandidateThatCannotTrainIsReportedAndTheOthersAreRanked(@TempDir Path out) throws IOException {
        // a cnn needs images: the flattened CSV rows make every fold of that candidate fail, the mlp still ranks
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 90; i++) {
            csv.append(i % 7).append(',').append((i * 3) % 5).append(',').append(i % 3).append('\n');
        }
        Path table = Files.writeString(out.resolve("rows.csv"), csv);
        CliRun r = CliRun.of("grid", "--csv", table.toString(), "--label", "label", "--folds", "3", "--epochs", "1",
                "--backend", "scalar", "--grid", "model=mlp:8", "--grid", "model=cnn:4", "--out",
                out.resolve("g").toString());
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().matches("(?s).*\\n +- +2 +cnn:4 +failed.*"), r.out());
        assertTrue(r.out().contains("best: candidate 1 (model=mlp:8)"), r.out());
    }

    @Test
    void badGridOptionsAreRefusedBeforeAnythingRuns(@TempDir Path out) {
        CliRun r = CliRun.of("grid", "--data", data.toString(), "--grid", "lr=0.1,zero", "--out",
                out.resolve("g").toString());
        assertEquals(2, r.status(), r.out());
        assertEquals("error: --grid lr=zero: 'zero' is not a number", r.err().strip());
        assertTrue(!Files.exists(out.resolve("g")) || out.resolve("g").toFile().list().length == 0);
    }
}
