package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that fails still reports what it did; data it cannot train on is refused before training. */
class RunFailureTest {
    @TempDir
    static Path shared;
    private static Path data;

    @BeforeAll
    static void unpackBundledData() throws IOException {
        data = BundledData.copyTo(shared.resolve("fashion"));
    }

    @Test
    void dataOfOneClassIsRefusedBeforeTraining(@TempDir Path tmp) throws IOException {
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 60; i++) {
            csv.append(i % 7).append(',').append(i % 5).append(",0\n");
        }
        Path one = Files.writeString(tmp.resolve("one.csv"), csv);
        for (String command : List.of("train", "cv")) {
            CliRun r = CliRun.of(command, "--csv", one.toString(), "--label", "label", "--epochs", "1", "--backend",
                    "scalar", "--out", tmp.resolve(command).toString());
            assertEquals(2, r.status(), r.out() + r.err());
            assertEquals("error: every sample in CSV " + one + " (60 rows) is of class 0: a classifier needs samples "
                    + "of at least 2 classes; check the label column or file, or add samples of the other classes",
                    r.err().strip());
            assertFalse(r.out().contains("epoch 1/"), r.out());
        }
    }

    /**
     * The checkpoint becomes unwritable during training (a directory takes its name): training stops, the report of
     * the finished epochs is written and printed, and nn exits with the checkpoint's error.
     */
    @Test
    void aCheckpointThatCannotBeWrittenStillEndsWithTheReport(@TempDir Path out) throws Exception {
        Path checkpoint = out.resolve("model.safetensors");
        AtomicBoolean blocked = new AtomicBoolean();
        NnProcess r = NnProcess.run(List.of(), List.of("train", "--data", data.toString(), "--limit", "1000",
                "--epochs", "30", "--patience", "0", "--model", "mlp:64", "--backend", "scalar", "--out",
                out.toString()), (p, line) -> {
                    if (line.startsWith("epoch 1/30  train loss") && !blocked.getAndSet(true)) {
                        block(checkpoint);
                    }
                });
        assertEquals(2, r.status(), r.output());
        assertTrue(r.output().contains("error: Writing " + checkpoint + " failed"), r.output());
        assertTrue(r.output().contains("Diagnosis: "), r.output());
        assertTrue(r.output().contains("report: " + out.toAbsolutePath() + " (summary.txt, metrics.json"),
                r.output());
        String summary = Files.readString(out.resolve("summary.txt"));
        assertTrue(summary.contains("(FAILED: partial report)"), summary);
        assertTrue(summary.contains("training failed: Writing " + checkpoint + " failed"), summary);
        Map<?, ?> metrics = (Map<?, ?>) Json.parse(Files.readString(out.resolve("metrics.json")));
        assertTrue(((List<?>) metrics.get("epochs")).size() >= 1, metrics.toString());
        assertNotNull(ImageIO.read(out.resolve("loss.png").toFile()), "loss.png decodes");
    }

    /** A cv report file that cannot be written (a directory took its name) costs only that file. */
    @Test
    void aCvChartThatCannotBeWrittenLeavesTheRestOfTheReport(@TempDir Path out) throws Exception {
        Path chart = out.resolve("cv-curves.png");
        AtomicBoolean blocked = new AtomicBoolean();
        NnProcess r = NnProcess.run(List.of(), List.of("cv", "--data", data.toString(), "--limit", "400",
                "--folds", "2", "--epochs", "1", "--model", "mlp:16", "--backend", "scalar", "--out",
                out.toString()), (p, line) -> {
                    if (line.startsWith("fold 1/2 done") && !blocked.getAndSet(true)) {
                        block(chart);
                    }
                });
        assertEquals(0, r.status(), r.output());
        assertTrue(r.output().contains("warning: cv-curves.png was not written: Writing " + chart + " failed"),
                r.output());
        assertTrue(r.output().contains("report: " + out.toAbsolutePath() + " (summary.txt, metrics.csv, "
                + "metrics.json)"), r.output());
        assertTrue(Files.readString(out.resolve("summary.txt")).contains("validation accuracy"));
        Map<?, ?> metrics = (Map<?, ?>) Json.parse(Files.readString(out.resolve("metrics.json")));
        assertEquals(2, ((List<?>) metrics.get("folds")).size(), metrics.toString());
        assertEquals(3, Files.readAllLines(out.resolve("metrics.csv")).size(), "a header and one line per fold");
    }

    /** Puts a non-empty directory where a report file goes, whatever the run writes there meanwhile. */
    private static void block(Path checkpoint) {
        try {
            while (true) {
                Files.deleteIfExists(checkpoint);
                try {
                    Files.createDirectory(checkpoint);
                    Files.writeString(checkpoint.resolve("in-the-way"), "x");
                    return;
                } catch (FileAlreadyExistsException savedMeanwhile) {
                    // the run saved a checkpoint between the two calls: again
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
