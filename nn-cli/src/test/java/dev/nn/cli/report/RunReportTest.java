package dev.nn.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.train.History;
import dev.nn.validate.FitDiagnosis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
    /**
     * A confusion matrix of 100,000 classes is 3.6 million pixels on a side, more than a raster can hold: that chart
     * fails alone, and the rest of the report is written.
     */
    @Test
    void aChartThatCannotBeDrawnDoesNotStopTheReport(@TempDir Path dir) throws IOException {
        int classes = 100_000;
        int[][] confusion = new int[classes][0];
        FitDiagnosis.Diagnosis diagnosis = FitDiagnosis.builder().optBaselineLoss(Math.log(10)).build()
                .diagnose(dev.nn.validate.FitHistory.of(Map.of("loss", new double[] {1.0},
                        "val_loss", new double[] {1.1})));
        RunReport report = new RunReport("nn train mlp:8", Map.of("init", "recommended"), "test data",
                Map.of("train", 8), new History(), 1, Double.NaN, Double.NaN, confusion, List.of(), diagnosis, null,
                Map.of(), 1.0, false, null);
        ReportWriter.Written written = report.write(dir);
        assertEquals(List.of("confusion.png"), List.copyOf(written.failed().keySet()), written.failed().toString());
        assertEquals(List.of("summary.txt", "metrics.json", "metrics.csv", "loss.png", "accuracy.png"),
                written.files().stream().map(f -> f.getFileName().toString()).toList());
        assertFalse(Files.exists(dir.resolve("confusion.png")));
        assertTrue(Files.readString(dir.resolve("summary.txt")).startsWith("nn train mlp:8\n"));
    }
}
