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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) sent to {@code nn} in a child JVM, as a user's terminal sends it: the run stops, writes the report
 * of what was done and exits with 130. A JVM that inherits an ignored SIGINT (a background job of a non-interactive
 * shell) never sees the signal, so these tests need Maven started in the foreground.
 */
class InterruptedRunTest {
    @TempDir
    static Path shared;
    private static Path data;

    @BeforeAll
    static void unpackBundledData() throws IOException {
        data = BundledData.copyTo(shared.resolve("fashion"));
    }

    /** Runs nn and sends SIGINT once, at the first line that starts with {@code signalAt}. */
    private static NnProcess interruptAt(String signalAt, String... args) throws InterruptedException {
        AtomicBoolean sent = new AtomicBoolean();
        return NnProcess.run(List.of(), List.of(args), (p, line) -> {
            if (line.startsWith(signalAt) && !sent.getAndSet(true)) {
                NnProcess.interrupt(p);
            }
        });
    }

    @Test
    void ctrlCDuringTrainingWritesThePartialReportWithChartsAndItsLastLines(@TempDir Path out) throws Exception {
        NnProcess r = interruptAt("epoch 2/200  train loss", "train", "--data", data.toString(), "--limit", "2000",
                "--epochs", "200", "--patience", "0", "--backend", "scalar", "--out", out.toString());
        assertEquals(TrainCommand.INTERRUPTED, r.status(), r.output());
        // the final lines: the diagnosis and the report line naming every file, all present
        assertTrue(r.output().contains("stopped: interrupted by the user (Ctrl-C)"), r.output());
        assertTrue(r.output().contains("Diagnosis: NOT_CONVERGED"), r.output());
        Matcher report = Pattern.compile("(?m)^report: .* \\((.*)\\)$").matcher(r.output());
        assertTrue(report.find(), r.output());
        List<String> files = List.of(report.group(1).split(", "));
        assertTrue(files.containsAll(List.of("summary.txt", "metrics.json", "metrics.csv", "loss.png",
                "accuracy.png", "confusion.png", "init-variance.png", "activations.png", "model.safetensors")),
                files.toString());
        for (String f : files) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
            if (f.endsWith(".png")) {
                assertNotNull(ImageIO.read(out.resolve(f).toFile()), f + " decodes");
            }
        }
        String summary = Files.readString(out.resolve("summary.txt"));
        assertTrue(summary.contains("INTERRUPTED: partial report"), summary);
        assertTrue(summary.matches("(?s).*because the run was interrupted after \\d+ of 200 epochs.*"), summary);
        assertTrue(summary.contains("try: let the run finish"), summary);
        List<?> epochs = (List<?>) ((Map<?, ?>) Json.parse(Files.readString(out.resolve("metrics.json"))))
                .get("epochs");
        assertTrue(epochs.size() >= 2 && epochs.size() < 200, "epochs recorded: " + epochs.size());
    }

    @Test
    void ctrlCDuringCrossValidationReportsTheFoldsDoneSoFar(@TempDir Path out) throws Exception {
        NnProcess r = interruptAt("fold 1/5 done", "cv", "--data", data.toString(), "--limit", "500", "--epochs",
                "3", "--folds", "5", "--backend", "scalar", "--out", out.toString());
        assertEquals(TrainCommand.INTERRUPTED, r.status(), r.output());
        Matcher done = Pattern.compile("interrupted by the user \\(Ctrl-C\\) after (\\d) of 5 folds").matcher(
                r.output());
        assertTrue(done.find(), r.output());
        int finished = Integer.parseInt(done.group(1));
        assertTrue(finished >= 1 && finished < 5, r.output());
        assertTrue(r.output().contains("Diagnosis: "), r.output());
        String summary = Files.readString(out.resolve("summary.txt"));
        assertTrue(summary.contains("after " + finished + " of 5 folds"), summary);
        assertEquals(1 + finished, Files.readAllLines(out.resolve("metrics.csv")).size(), "header + finished folds");
        Map<?, ?> metrics = (Map<?, ?>) Json.parse(Files.readString(out.resolve("metrics.json")));
        assertEquals(finished, ((List<?>) metrics.get("folds")).size());
        assertNotNull(ImageIO.read(out.resolve("cv-curves.png").toFile()), "cv-curves.png decodes");
    }
}
