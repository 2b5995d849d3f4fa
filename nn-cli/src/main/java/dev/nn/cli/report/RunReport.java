package dev.nn.cli.report;

import dev.nn.core.json.Json;
import dev.nn.core.state.AtomicFiles;
import dev.nn.core.train.EpochRecord;
import dev.nn.core.train.History;
import dev.nn.init.InitReport;
import dev.nn.init.LayerStats;
import dev.nn.validate.FitDiagnosis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything one training run reports, and the files it becomes: {@code summary.txt}, {@code metrics.json},
 * {@code metrics.csv}, {@code loss.png}, {@code accuracy.png}, {@code confusion.png}, {@code init-variance.png}
 * and {@code activations.png}. Each file is written atomically, so an interrupted run never leaves half a file.
 *
 * @param title what ran, e.g. {@code nn train mlp:256,128}
 * @param options the run's settings
 * @param data where the data came from
 * @param sizes samples per split: train, validation, test
 * @param history per-epoch training and validation figures
 * @param keptEpoch the 1-based epoch whose weights were kept (early stopping), or the last epoch
 * @param testLoss test-set loss of the kept weights (NaN when there is no test set)
 * @param testAccuracy test-set accuracy of the kept weights
 * @param confusion counts {@code [true][predicted]} on the test set
 * @param classNames class names by index
 * @param diagnosis the fit diagnosis
 * @param initReport per-layer statistics at initialization
 * @param activations pre-activation values per layer of the trained model on a probe batch
 * @param seconds wall time of training
 * @param interrupted the run was stopped by the user
 * @param failure why training failed (a checkpoint that could not be written, ...), or null when it did not
 */
public record RunReport(String title, Map<String, Object> options, String data, Map<String, Integer> sizes,
                        History history, int keptEpoch, double testLoss, double testAccuracy, int[][] confusion,
                        List<String> classNames, FitDiagnosis.Diagnosis diagnosis, InitReport initReport,
                        Map<String, double[]> activations, double seconds, boolean interrupted, String failure) {

    /** @return the text of {@code summary.txt} */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(title).append(interrupted ? "  (INTERRUPTED: partial report)" : "")
                .append(failure != null ? "  (FAILED: partial report)" : "").append('\n');
        if (failure != null) {
            sb.append("training failed: ").append(failure).append('\n');
        }
        sb.append("data: ").append(data).append('\n');
        sb.append("split: ");
        sizes.forEach((k, v) -> sb.append(k).append(' ').append(v).append("  "));
        sb.append("(validation is carved from the training data; the test set is never used for choices)\n");
        sb.append("options: ").append(options).append("\n\n");
        sb.append(history.table(keptEpoch));
        sb.append(String.format(Locale.ROOT, "%ntraining time: %.1f s%n", seconds));
        if (!Double.isNaN(testAccuracy)) {
            sb.append(String.format(Locale.ROOT, "test accuracy: %.4f  (test loss %.4f, %d samples, weights of "
                    + "epoch %d)%n", testAccuracy, testLoss, sizes.getOrDefault("test", 0), keptEpoch));
        }
        sb.append('\n').append(diagnosis.report()).append('\n');
        if (initReport != null) {
            sb.append("\nAt initialization:\n").append(initReport.summary()).append('\n');
        }
        return sb.toString();
    }

    /** @return the content of {@code metrics.json} */
    public Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("interrupted", interrupted);
        m.put("failure", failure);
        m.put("options", options);
        m.put("data", data);
        m.put("sizes", sizes);
        m.put("epochs", history.epochs().stream().map(EpochRecord::toMap).toList());
        m.put("stop_reason", history.stopReason().orElse(null));
        m.put("kept_epoch", keptEpoch);
        m.put("training_seconds", seconds);
        if (!Double.isNaN(testAccuracy)) {
            m.put("test", Map.of("loss", testLoss, "accuracy", testAccuracy));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("verdict", diagnosis.verdict().toString());
        Map<String, Object> evidence = new LinkedHashMap<>();
        diagnosis.evidence().forEach((k, v) -> evidence.put(k, Double.isFinite(v) ? v : null));
        d.put("evidence", evidence);
        d.put("reasons", diagnosis.reasons());
        d.put("remedies", diagnosis.remedies());
        m.put("diagnosis", d);
        if (confusion != null) {
            m.put("confusion_matrix", java.util.Arrays.asList(confusion));
            m.put("class_names", classNames);
        }
        return m;
    }

    /**
     * Writes every file of the report. A file that cannot be drawn or written does not stop the others: the report
     * of a run is worth most when something went wrong.
     *
     * @param dir the report folder (created if needed)
     * @return the files written and those that failed
     */
    public ReportWriter.Written write(Path dir) {
        ReportWriter files = new ReportWriter(ReportFolder.create(dir));
        files.text("summary.txt", this::summary);
        files.text("metrics.json", () -> Json.writePretty(finite(metrics())));
        files.text("metrics.csv", history::toCsv);
        double[] epochs = history.epochs().stream().mapToDouble(EpochRecord::epoch).toArray();
        files.bytes("loss.png", () -> Charts.lines("Loss per epoch", "epoch", "cross-entropy",
                List.of(new Charts.Series("train", epochs, history.series("train_loss")),
                        new Charts.Series("validation", epochs, history.series("val_loss"))), false));
        files.bytes("accuracy.png", () -> Charts.lines("Accuracy per epoch", "epoch", "accuracy",
                List.of(new Charts.Series("train", epochs, history.series("train_accuracy")),
                        new Charts.Series("validation", epochs, history.series("val_accuracy"))), false));
        if (confusion != null) {
            files.bytes("confusion.png", () -> Charts.confusionMatrix("Test confusion matrix", confusion,
                    classNames));
        }
        if (initReport != null) {
            List<LayerStats> layers = initReport.layers();
            double[] depth = new double[layers.size()];
            double[] std = new double[layers.size()];
            for (int i = 0; i < depth.length; i++) {
                depth[i] = i + 1;
                std[i] = layers.get(i).activationStd();
            }
            files.bytes("init-variance.png", () -> Charts.lines(
                    "Activation std by depth at initialization", "layer", "std of layer output",
                    List.of(new Charts.Series(String.valueOf(options.get("init")), depth, std)), true));
        }
        if (!activations.isEmpty()) {
            files.bytes("activations.png", () -> Charts.histograms(
                    "Pre-activation values per layer (trained model, probe batch)", "value", activations, 60));
        }
        return files.written();
    }

    /** JSON has no NaN or Infinity: they become null. */
    private static Object finite(Object value) {
        return switch (value) {
            case null -> null;
            case Double d when !Double.isFinite(d) -> null;
            case Map<?, ?> map -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(k, finite(v)));
                yield out;
            }
            case List<?> list -> list.stream().map(RunReport::finite).toList();
            default -> value;
        };
    }
}
