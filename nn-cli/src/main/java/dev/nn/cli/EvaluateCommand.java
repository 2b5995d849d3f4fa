package dev.nn.cli;

import dev.nn.api.backend.Backend;
import dev.nn.cli.report.Charts;
import dev.nn.cli.report.ReportFolder;
import dev.nn.core.data.Dataset;
import dev.nn.core.train.Evaluation;
import dev.nn.model.Model;
import dev.nn.model.Prediction;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nn evaluate}: a trained model's accuracy and loss on labelled raw data, per-class precision, recall and F1,
 * and the confusion matrix as a PNG. On the test split of the data it was trained on, it reports the test accuracy
 * that {@code nn train} printed.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a trained model on labelled data: accuracy, loss, per-class precision/recall/F1 and a "
                + "confusion-matrix PNG.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelInputs inputs;

    @Option(names = "--out", paramLabel = "DIR", description = "folder for confusion.png (default: "
            + "runs/evaluate-<timestamp>)")
    private Path out;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        try (Backend backend = inputs.backend()) {
            Model model = inputs.load(backend);
            ModelInputs.Samples samples = inputs.read(null, true);
            Dataset data = model.withModelClasses(samples.data());
            stdout.println("model: " + inputs.model + " (" + model.spec() + ", " + model.classNames().size()
                    + " classes, input " + model.inputShape() + ")");
            stdout.println("data: " + samples.description());
            Evaluation e = model.evaluate(data, inputs.batch);
            stdout.printf(Locale.ROOT, "accuracy: %.4f (loss %.4f) on %d samples%n", e.accuracy(), e.loss(),
                    e.samples());
            int k = model.classNames().size();
            long[][] counts = new long[k][k];
            List<Prediction> predictions = model.predict(data, inputs.batch);
            for (int i = 0; i < predictions.size(); i++) {
                counts[(int) data.label(i)][predictions.get(i).index()]++;
            }
            stdout.println();
            stdout.print(ClassificationReport.of(counts, model.classNames()));
            int[][] cells = new int[k][k];
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < k; c++) {
                    cells[r][c] = Math.toIntExact(counts[r][c]);
                }
            }
            Path png = (out != null ? ReportFolder.create(out)
                    : ReportFolder.fresh(Path.of("runs"), "evaluate-", Clock.systemDefaultZone()))
                    .bytes("confusion.png", Charts.confusionMatrix("Confusion matrix", cells, model.classNames()));
            stdout.println();
            stdout.println("confusion matrix: " + png);
        }
        return 0;
    }
}
