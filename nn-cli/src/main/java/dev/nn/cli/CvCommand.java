package dev.nn.cli;

import dev.nn.cli.data.DataSource;
import dev.nn.cli.report.Charts;
import dev.nn.cli.report.ReportFolder;
import dev.nn.cli.report.ReportWriter;
import dev.nn.core.data.Dataset;
import dev.nn.core.json.Json;
import dev.nn.core.train.TextTable;
import dev.nn.validate.CrossValidation;
import dev.nn.validate.CrossValidationResult;
import dev.nn.validate.Estimate;
import dev.nn.validate.FitDiagnosis;
import dev.nn.validate.FitHistory;
import dev.nn.validate.FoldResult;
import dev.nn.validate.Samples;
import dev.nn.validate.SplitChecks;
import dev.nn.validate.Splitter;
import dev.nn.validate.TrainingSetup;
import dev.nn.validate.trial.TrialListener;
import dev.nn.validate.trial.TrialRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code nn cv}: K-fold cross-validation (stratified by default) of the same model options as {@code nn train}:
 * one fresh model per fold, standardization fitted on each fold's training part, per-fold table, mean ± std with a
 * t-interval, and a diagnosis over folds. The folds are trials of a {@link TrialRunner} chosen by {@code --runner}
 * (or {@code -Dnn.trials}; the local thread pool by default), and train a {@link dev.nn.model.TrainingRecipe}, which a
 * runner can ship to other JVMs.
 */
@Command(name = "cv", mixinStandardHelpOptions = true, sortOptions = false,
        description = "K-fold cross-validation of a model on the training data (never the test set).")
final class CvCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private TrainingOptions options;

    @Mixin
    private FoldOptions folding;

    @Mixin
    private RunnerOptions runners;

    @Mixin
    private ReportOptions output;

    @Override
    public Integer call() {
        options.validate();
        validate();
        Path folder = output.open("cv-").dir();   // before anything slow: a folder that cannot be used fails now
        return output.runIn(folder, f -> run(spec.commandLine().getOut(), f));
    }

    private int run(PrintWriter stdout, Path folder) {
        FoldOptions.Folded folded = folding.load(options, stdout);
        String backend = folded.backend();
        String backendLine = folded.backendLine();
        DataSource source = folded.source();
        Dataset pool = folded.samples();
        int[] labels = folded.labels();
        Splitter splitter = folded.splitter();
        stdout.println(backendLine);
        stdout.printf(Locale.ROOT, "data: %s, %d samples used%ncv: %s, %d epochs per fold%n",
                source.description(), pool.size(), splitter, options.epochs);

        var recipe = options.recipe(backend, folding.patience);
        var interrupt = new InterruptStop();
        long start = System.nanoTime();
        Thread hook = interrupt.install();
        try (TrialRunner trials = runners.open()) {
            CrossValidationResult result = CrossValidation.builder().setSplitter(splitter)
                    .setWork(recipe.work(), pool).optRunner(trials).optThreadsPerTrial(Math.max(1, options.threads))
                    .optListener(progress(stdout, interrupt))
                    .optSeed(options.seed).optStopWhen(interrupt::requested)
                    .optChecks(SplitChecks.builder().optBatches(options.batch, options.spec().norm().equals("batch"),
                            false).build())
                    .build().run(Samples.labeled(labels));
            double seconds = (System.nanoTime() - start) / 1e9;
            String stopped = interrupt.requested() ? String.format(Locale.ROOT, "interrupted by the user (Ctrl-C) "
                    + "after %d of %d folds: the figures are those of the folds that finished%n",
                    result.folds().size(), folding.folds) : "";
            stdout.print(stopped);
            if (result.folds().isEmpty()) {
                ReportFolder.create(folder).text("summary.txt", "nn cv " + options.model + " (INTERRUPTED before "
                        + "the first fold finished)\ndata: " + source.description() + "\noptions: "
                        + options.describe() + "\n\n" + stopped);
                stdout.println("report: " + folder.toAbsolutePath() + " (summary.txt)");
            } else {
                report(stdout, folder, result, seconds, stopped, labels, TrainCommand.setup(options), source);
            }
        } finally {
            interrupt.done(hook);
        }
        stdout.flush();
        return interrupt.requested() ? TrainCommand.INTERRUPTED : 0;
    }

    /** Prints a line as each fold finishes (not one that Ctrl-C cut short): a long run shows it is moving. */
    private TrialListener progress(PrintWriter stdout, InterruptStop interrupt) {
        return (trial, done, total) -> {
            if (interrupt.requested()) {
                return;
            }
            if (trial.failed()) {
                stdout.printf(Locale.ROOT, "fold %d/%d failed: %s%n", trial.fold() + 1, folding.folds, trial.error());
            } else {
                FitHistory h = trial.history();
                stdout.printf(Locale.ROOT, "fold %d/%d done: %d epochs, val_loss %.4f, val_accuracy %.4f, %.1f s%n",
                        trial.fold() + 1, folding.folds, h.epochs(), h.last(FitHistory.VAL_LOSS), h.last("val_accuracy"),
                        trial.fitSeconds());
            }
            stdout.flush();
        };
    }

    /** Prints the folds' table, estimate and diagnosis, and writes them to the report folder. */
    private void report(PrintWriter stdout, Path folder, CrossValidationResult result, double seconds, String stopped,
                        int[] labels, TrainingSetup setup, DataSource source) {
        String table = table(result);
        stdout.print(table);
        Estimate accuracy = result.estimate("val_accuracy");
        Estimate loss = result.estimate(FitHistory.VAL_LOSS);
        String estimate = accuracy.n() == 1
                ? String.format(Locale.ROOT, "validation accuracy %.4f, validation loss %.4f of one fold (no spread "
                        + "or interval from one), %.1f s%n", accuracy.mean(), loss.mean(), seconds)
                : String.format(Locale.ROOT, "validation accuracy %.4f ± %.4f (95%% CI %.4f..%.4f), "
                        + "validation loss %.4f ± %.4f over %d folds, %.1f s%n", accuracy.mean(), accuracy.std(),
                        accuracy.low(), accuracy.high(), loss.mean(), loss.std(), accuracy.n(), seconds);
        stdout.print(estimate);
        result.warnings().forEach(w -> stdout.println("warning: " + w));
        double baseline = FitDiagnosis.classPriorCrossEntropy(labels, labels);
        FitDiagnosis.Diagnosis diagnosis = FitDiagnosis.builder().optBaselineLoss(baseline)
                .optSetup(setup).optPlannedEpochs(options.epochs)
                .build().diagnose(result);
        stdout.println(diagnosis.report());

        ReportWriter.Written written = write(folder, result, stopped + table + estimate
                + String.join("\n", result.warnings()) + "\n" + diagnosis.report() + "\n", diagnosis, accuracy, loss,
                source);
        written.print(stdout, folder);
    }

    /** This command's own options; the shared ones are {@link TrainingOptions#validate()}'s. */
    private void validate() {
        folding.validate(options, "nn cv");
        runners.validate();
    }

    private static String table(CrossValidationResult result) {
        TextTable t = TextTable.aligned(new int[] {4, 7, 7, 6, 11, 10, 10, 8}, "fold", "train", "val", "epochs",
                "train_loss", "val_loss", "val_acc", "seconds");
        for (FoldResult f : result.folds()) {
            t.row(f.fold() + 1, f.trainSize(), f.validationSize(), f.history().finalEpoch() + 1,
                    TextTable.decimals(f.last(FitHistory.LOSS), 4), TextTable.decimals(f.last(FitHistory.VAL_LOSS), 4),
                    TextTable.decimals(f.last("val_accuracy"), 4), TextTable.decimals(f.fitSeconds(), 1));
        }
        return t.toString();
    }

    /** JSON has no NaN (one fold has no spread): such figures become null. */
    private static Map<String, Double> finite(Map<String, Double> figures) {
        Map<String, Double> out = new java.util.TreeMap<>();
        figures.forEach((k, v) -> out.put(k, Double.isFinite(v) ? v : null));
        return out;
    }

    /** Writes each report file on its own: one that cannot be drawn or written does not cost the others. */
    private ReportWriter.Written write(Path folder, CrossValidationResult result, String summary,
                                       FitDiagnosis.Diagnosis diagnosis, Estimate accuracy, Estimate loss,
                                       DataSource source) {
        ReportWriter report = new ReportWriter(ReportFolder.create(folder));
        report.text("summary.txt", () -> "nn cv " + options.model + "\ndata: " + source.description() + "\noptions: "
                + options.describe() + "\n\n" + summary);
        report.text("metrics.csv", () -> csv(result));
        report.text("metrics.json", () -> Json.writePretty(metrics(result, diagnosis, accuracy, loss)));
        report.bytes("cv-curves.png", () -> curves(result));
        return report.written();
    }

    private static String csv(CrossValidationResult result) {
        StringBuilder csv = new StringBuilder("fold,train_size,val_size,epochs,train_loss,val_loss,val_accuracy,seconds\n");
        for (FoldResult f : result.folds()) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%s,%s,%s,%s%n", f.fold() + 1, f.trainSize(),
                    f.validationSize(), f.history().finalEpoch() + 1, f.last(FitHistory.LOSS),
                    f.last(FitHistory.VAL_LOSS), f.last("val_accuracy"), f.fitSeconds()));
        }
        return csv.toString();
    }

    private Map<String, Object> metrics(CrossValidationResult result, FitDiagnosis.Diagnosis diagnosis,
                                        Estimate accuracy, Estimate loss) {
        List<Map<String, Object>> foldMaps = new ArrayList<>();
        for (FoldResult f : result.folds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fold", f.fold() + 1);
            m.put("train_size", f.trainSize());
            m.put("val_size", f.validationSize());
            m.put("val_loss", f.last(FitHistory.VAL_LOSS));
            m.put("val_accuracy", f.last("val_accuracy"));
            foldMaps.add(m);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("options", options.describe());
        metrics.put("splitter", result.splitter());
        metrics.put("folds", foldMaps);
        metrics.put("val_accuracy", finite(Map.of("mean", accuracy.mean(), "std", accuracy.std(), "low",
                accuracy.low(), "high", accuracy.high())));
        metrics.put("val_loss", finite(Map.of("mean", loss.mean(), "std", loss.std())));
        metrics.put("warnings", result.warnings());
        metrics.put("diagnosis", diagnosis.verdict().toString());
        return metrics;
    }

    private static byte[] curves(CrossValidationResult result) {
        double[] train = result.meanCurve(FitHistory.LOSS);
        double[] val = result.meanCurve(FitHistory.VAL_LOSS);
        double[] epochs = IntStream.rangeClosed(1, train.length).asDoubleStream().toArray();
        return Charts.lines("Mean loss over " + result.folds().size() + " folds", "epoch", "cross-entropy",
                List.of(new Charts.Series("train", epochs, train), new Charts.Series("validation", epochs, val)),
                false);
    }
}
