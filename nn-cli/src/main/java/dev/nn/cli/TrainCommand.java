package dev.nn.cli;

import com.google.inject.Inject;
import com.google.inject.Provider;
import dev.nn.api.NnException;
import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;
import dev.nn.cli.data.DataSource;
import dev.nn.cli.report.ReportWriter;
import dev.nn.cli.report.RunReport;
import dev.nn.core.data.Batch;
import dev.nn.core.data.Dataset;
import dev.nn.core.data.Standardizer;
import dev.nn.core.layer.PointwiseActivation;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.state.TrainingState;
import dev.nn.core.train.Callback;
import dev.nn.core.train.Evaluation;
import dev.nn.core.train.History;
import dev.nn.core.train.ModelCheckpoint;
import dev.nn.core.train.NonFiniteGuard;
import dev.nn.core.train.Trainer;
import dev.nn.core.train.TrainingContext;
import dev.nn.init.InitReport;
import dev.nn.model.Model;
import dev.nn.validate.ConfusionMatrix;
import dev.nn.validate.EarlyStopping;
import dev.nn.validate.EarlyStoppingCallback;
import dev.nn.validate.FitDiagnosis;
import dev.nn.validate.FitHistory;
import dev.nn.validate.HoldOut;
import dev.nn.validate.HoldOutSizes;
import dev.nn.validate.HoldOutSplit;
import dev.nn.validate.Metrics;
import dev.nn.validate.Samples;
import dev.nn.validate.SizeSpec;
import dev.nn.validate.SplitException;
import dev.nn.validate.TrainingSetup;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nn train}: trains a model on a training split, chooses nothing on the test set, reports train and
 * validation figures per epoch, the test accuracy of the kept weights, a fit diagnosis and a report folder.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train and validate a model (default: an MLP on Fashion-MNIST) and write a report folder.")
final class TrainCommand implements Callable<Integer> {
    /** Exit status of a run whose verdict is UNSTABLE: the loss diverged (NaN, infinite, exploding) or oscillated. */
    static final int DIVERGED = 3;
    /** Exit status after Ctrl-C (128 + SIGINT, as a shell reports a process the signal ended). */
    static final int INTERRUPTED = 130;

    private static final String MODEL_FILE = Model.FILE_NAME;
    /** The run's whole training state, rewritten after every epoch, which {@code --resume} continues from. */
    static final String STATE_FILE = "training-state.safetensors";

    @Spec
    private CommandSpec spec;

    @Mixin
    private TrainingOptions options;
    /** A new builder per run from the application's wiring, which may add its own callbacks. */
    @Inject
    private Provider<Trainer.Builder> trainers;

    @Option(names = "--validation", defaultValue = "0.1", paramLabel = "FRACTION",
            description = "fraction of the training data held out for validation (default: ${DEFAULT-VALUE})")
    private double validation;

    @Option(names = "--test", defaultValue = "0.2", paramLabel = "FRACTION",
            description = "fraction held out as test set when the data has no test split (default: ${DEFAULT-VALUE})")
    private double test;

    @Option(names = "--patience", defaultValue = "3", paramLabel = "EPOCHS",
            description = "early stopping: epochs without validation-loss improvement, 0 = off (default: "
                    + "${DEFAULT-VALUE}); the best weights are restored either way")
    private int patience;

    @Mixin
    private ReportOptions output;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "continue the interrupted run in RUN_DIR after "
            + "its last completed epoch, with the options it was started with (only --epochs may change); it ends as "
            + "the uninterrupted run would")
    private Path resume;

    /** The state a resumed run continues from, and the run's folder; null for a new run. */
    private TrainingState resumed;
    private Path resumedFolder;

    @Override
    public Integer call() {
        if (resume != null) {
            return ResumedRun.command(resume, spec).call();
        }
        options.validate();
        validate();
        // before anything slow: a folder that cannot be used fails now (a resumed run continues in its own)
        Path folder = resumed != null ? resumedFolder : output.open("").dir();
        return output.runIn(folder, f -> run(spec.commandLine().getOut(), f));
    }

    private int run(PrintWriter stdout, Path folder) {
        Backend backend = options.backend();
        stdout.println(options.backendLine(backend));

        DataSource source = options.load();
        source.warnings().forEach(w -> stdout.println("warning: " + w));
        Splits splits = split(source);
        stdout.printf(Locale.ROOT, "data: %s%nsplit: train %d, validation %d, test %d%n", source.description(),
                splits.train.size(), splits.validation.size(), splits.test.size());
        Standardizer standardizer = Standardizer.fit(splits.train);   // fitted on the training part only
        Dataset train = standardizer.transform(splits.train);
        Dataset val = standardizer.transform(splits.validation);
        Dataset testSet = standardizer.transform(splits.test);

        var built = options.initialized(backend, train);
        Sequential model = built.model();
        stdout.println("model: " + options.spec() + " " + model.toString().replace("\n", "\n  "));
        Tensor probe = probe(train, backend);
        InitReport init = InitReport.probe(model, probe, new SplittableRandom(options.seed), built.init());
        stdout.println(init.summary());

        var loss = new CrossEntropyLoss();
        var interrupt = new InterruptStop();
        var stopping = new EarlyStoppingCallback(EarlyStopping.builder().optMonitor(FitHistory.VAL_LOSS)
                .optPatience(patience > 0 ? patience : Integer.MAX_VALUE).optRestoreBestWeights(true).build());
        var checkpoint = ModelCheckpoint.best(folder.resolve(MODEL_FILE), "val_loss")
                .optMetadata(describe(model, backend, splits.train, standardizer).metadata());
        var optimizer = options.optimizer(model);
        TrainingSetup setup = setup(options);
        var guard = new NonFiniteGuard(probe);   // after a divergence, finds the first layer with non-finite values
        var tap = new HistoryTap();
        Trainer.Builder builder = trainers.get().setModel(model).setLoss(loss).setOptimizer(optimizer)
                .optStateFile(folder.resolve(STATE_FILE), ResumedRun.config(spec.commandLine().getParseResult()))
                .setEpochs(options.epochs).optBatchSize(options.batch).optSeed(options.seed).optBackend(backend)
                .addCallback(tap)
                .addCallback(new ProgressBar(stdout, ProgressBar.stdoutIsTerminal(), options.epochs))
                .addCallback(guard).addCallback(interrupt).addCallback(checkpoint)
                .addCallback(stopping);
        options.schedule(optimizer).ifPresent(builder::addCallback);
        Trainer trainer = builder.build();

        long start = System.nanoTime();
        History history;
        RuntimeException failure = null;
        FitDiagnosis.Verdict verdict;
        Thread hook = interrupt.install();
        try {
            try {
                history = resumed == null ? trainer.fit(train, val) : trainer.resume(train, val, resumed);
            } catch (RuntimeException e) {   // e.g. a checkpoint that cannot be written: report what was done first
                if (resumed != null && tap.history.epochs().size() <= ResumedRun.completedEpochs(resumed)) {
                    throw e;   // a state that does not fit this run, and nothing trained: the run's report stays
                }
                failure = e;
                history = tap.history;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int kept = stopping.keptEpoch() >= 0 ? stopping.keptEpoch() + 1 : history.epochs().size();
            FitDiagnosis.Builder rules = FitDiagnosis.builder().optSetup(setup).optPlannedEpochs(options.epochs)
                    .optInterrupted(interrupt.requested() || failure != null);
            guard.divergence().ifPresent(rules::optDivergence);
            RunReport report = report(source, splits, train, val, testSet, model, loss, backend, history, kept, init,
                    seconds, interrupt.requested(), rules, failure == null ? null : failure.getMessage());
            ReportWriter.Written written = report.write(folder);
            List<Path> files = new ArrayList<>(written.files());
            if (checkpoint.savedEpoch() > 0) {   // no epoch finished, no checkpoint: the report does not claim one
                files.add(folder.resolve(MODEL_FILE));
            }
            stdout.println();
            written.failed().forEach((file, why) -> stdout.println("warning: " + file + " was not written: " + why));
            if (!Double.isNaN(report.testAccuracy())) {
                stdout.printf(Locale.ROOT, "test accuracy: %.4f (loss %.4f) on %d samples, weights of epoch %d%n",
                        report.testAccuracy(), report.testLoss(), testSet.size(), kept);
            }
            stdout.println(report.diagnosis().report());
            stdout.println("report: " + folder.toAbsolutePath() + " (" + String.join(", ", files.stream()
                    .filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList()) + ")");
            verdict = report.diagnosis().verdict();
        } finally {
            interrupt.done(hook);
            backend.free(probe);
        }
        stdout.flush();
        if (failure != null) {
            throw failure;   // after its report: the run failed, and the exit status says so
        }
        if (interrupt.requested()) {
            return INTERRUPTED;
        }
        return verdict == FitDiagnosis.Verdict.UNSTABLE ? DIVERGED : 0;
    }

    /**
     * {@return the trained network as a {@link Model}: what its checkpoint carries so that {@code nn predict} and
     * {@code nn evaluate} can load it and read raw data}
     */
    private Model describe(Sequential network, Backend backend, Dataset rawTrain, Standardizer standardizer) {
        return Model.builder().setSpec(options.spec()).setNetwork(network).setBackend(backend)
                .setInputShape(rawTrain.sampleShape()).setStandardizer(standardizer)
                .setClassNames(Model.classNames(rawTrain)).optSeed(options.seed).build();
    }

    /**
     * Makes this command, parsed from a run's saved options, continue that run.
     *
     * @param runDir the run's folder: the report goes there
     * @param state the state the run saved after its last completed epoch
     */
    void continueRun(Path runDir, TrainingState state) {
        this.resumedFolder = runDir;
        this.resumed = state;
    }

    /**
     * @param options the command line
     * @return what the diagnosis needs to know of the configuration to fit its advice to it (the rate before any
     *         schedule changes it)
     */
    static TrainingSetup setup(TrainingOptions options) {
        var optimizer = options.optimizerRecipe();
        return new TrainingSetup(options.optimizer, optimizer.learningRate(), optimizer.momentum(),
                options.weightDecay, options.spec().dropout(), options.spec().norm(), options.lrSchedule);
    }

    /** This command's own options; the shared ones are {@link TrainingOptions#validate()}'s. */
    private void validate() {
        for (var fraction : List.of(Map.entry("--validation", validation), Map.entry("--test", test))) {
            if (!(fraction.getValue() > 0 && fraction.getValue() < 1)) {
                throw new NnException(fraction.getKey() + " must be in (0, 1), got "
                        + TrainingOptions.number(fraction.getValue()));
            }
        }
        if (patience < 0) {
            throw new NnException("--patience must be >= 0 (0 turns early stopping off), got " + patience);
        }
    }

    /** Train / validation / test; the validation part always comes out of the training data. */
    record Splits(Dataset train, Dataset validation, Dataset test) {
    }

    private Splits split(DataSource source) {
        Dataset pool = source.train();
        TrainingOptions.requireTwoClasses(DataSource.classLabels(pool), source.description());
        TrainingOptions.requireTwoPerClass(DataSource.classLabels(pool), source.description());
        String who = options.limit != null && options.limit <= pool.size() ? "--limit " + options.limit
                : source.description();
        Dataset testSet;
        if (source.test().isPresent()) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--test")) {
                throw new NnException("--test carves a test set out of data that has none, but "
                        + source.description() + " has its own test set, which is used; drop --test");
            }
            testSet = source.test().get();
        } else {
            HoldOutSplit s = stratified(pool, test, "--test", "the test set", who);
            testSet = pool.subset(s.test());
            pool = pool.subset(s.train());
        }
        HoldOutSplit s = stratified(pool, validation, "--validation", "validation", who);
        return new Splits(pool.subset(s.train()), pool.subset(s.test()), testSet);
    }

    /**
     * A stratified hold-out of {@code fraction}, refused in this command's terms (its options, not scikit-learn's
     * {@code test_size}) when a part would have fewer samples than there are classes.
     */
    private HoldOutSplit stratified(Dataset data, double fraction, String option, String part, String who) {
        int[] labels = DataSource.classLabels(data);
        int n = labels.length;
        int classes = (int) Arrays.stream(labels).distinct().count();
        HoldOutSizes sizes = sizes(fraction, n);
        if (sizes == null || sizes.test() < classes || sizes.train() < classes) {
            double low = 1;
            double high = 0;
            for (int percent = 1; percent < 100; percent++) {
                HoldOutSizes s = sizes(percent / 100.0, n);
                if (s != null && s.test() >= classes && s.train() >= classes) {
                    low = Math.min(low, percent / 100.0);
                    high = Math.max(high, percent / 100.0);
                }
            }
            boolean tooSmall = sizes == null ? fraction < low : sizes.test() < classes;
            String fewer = tooSmall
                    ? "leaves " + (sizes == null ? 0 : sizes.test()) + " samples for " + part + " (" + option + " "
                            + TrainingOptions.number(fraction) + " of " + n + ")"
                    : "leaves " + (sizes == null ? 0 : sizes.train()) + " samples for training after " + option + " "
                            + TrainingOptions.number(fraction) + " takes " + (sizes == null ? n : sizes.test())
                            + " of " + n;
            String bigger = who.startsWith("--limit") ? "raise --limit" : "add samples";
            String fix = low > high ? bigger
                    : tooSmall ? bigger + ", or " + option + " to at least " + TrainingOptions.number(low)
                    : bigger + ", or lower " + option + " to at most " + TrainingOptions.number(high);
            throw new NnException(who + " " + fewer + ", fewer than the " + classes + " classes: a stratified split "
                    + "needs a sample of every class in each part; " + fix);
        }
        return HoldOut.builder().optTestSize(SizeSpec.fraction(fraction)).optShuffle(true).optSeed(options.seed)
                .optStratify(true).build().split(Samples.labeled(labels));
    }

    /** @return the sizes a hold-out of {@code fraction} gives {@code n} samples, or null when it has none */
    private static HoldOutSizes sizes(double fraction, int n) {
        try {
            return HoldOut.builder().optTestSize(SizeSpec.fraction(fraction)).build().sizes(n);
        } catch (SplitException e) {
            return null;
        }
    }

    private static Tensor probe(Dataset data, Backend backend) {
        int n = Math.min(256, data.size());
        int[] first = new int[n];
        Arrays.setAll(first, i -> i);
        return data.batch(first).inputs(backend);
    }

    private RunReport report(DataSource source, Splits splits, Dataset train, Dataset val, Dataset testSet,
                             Sequential model, CrossEntropyLoss loss, Backend backend, History history, int kept,
                             InitReport init, double seconds, boolean interrupted, FitDiagnosis.Builder rules,
                             String failure) {
        double baseline = FitDiagnosis.classPriorCrossEntropy(DataSource.classLabels(train),
                DataSource.classLabels(val));
        FitDiagnosis.Diagnosis diagnosis = rules.optBaselineLoss(baseline).build()
                .diagnose(FitHistory.from(history, kept - 1));
        double testLoss = Double.NaN;
        double testAccuracy = Double.NaN;
        int[][] confusion = null;
        if (testSet.size() > 0 && !history.epochs().isEmpty()) {
            Evaluation e = Trainer.evaluate(model, loss, testSet, options.batch, backend);
            testLoss = e.loss();
            testAccuracy = e.accuracy();
            int[] truth = DataSource.classLabels(testSet);
            int[] predicted = predict(model, testSet, backend);
            int classes = Math.max(testSet.numClasses(), 2);
            int[] ids = new int[classes];
            Arrays.setAll(ids, i -> i);
            long[][] counts = ConfusionMatrix.of(truth, predicted, ids).counts();
            confusion = new int[classes][classes];
            for (int r = 0; r < classes; r++) {
                for (int c = 0; c < classes; c++) {
                    confusion[r][c] = (int) counts[r][c];
                }
            }
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("train", splits.train().size());
        sizes.put("validation", splits.validation().size());
        sizes.put("test", splits.test().size());
        Map<String, Object> described = options.describe();
        described.put("validation", validation);
        described.put("patience", patience);
        described.put("backend", backend.name());
        return new RunReport("nn train " + options.model, described, source.description(), sizes, history, kept,
                testLoss, testAccuracy, confusion, train.classNames(), diagnosis, init,
                activations(model, train, backend), seconds, interrupted, failure);
    }

    /** Every sample's predicted class: argmax on the backend, all predictions read back at once. */
    private int[] predict(Layer model, Dataset data, Backend backend) {
        TensorSlot inputs = new TensorSlot();
        TensorSlot batchPredictions = new TensorSlot();
        Tensor all = backend.zeros(Shape.of(data.size()));
        for (int from = 0; from < data.size(); from += options.batch) {
            int n = Math.min(options.batch, data.size() - from);
            int[] rows = new int[n];
            int offset = from;
            Arrays.setAll(rows, i -> offset + i);
            Batch batch = data.batch(rows);
            Tensor x = inputs.get(backend, batch.shape());
            backend.write(x, batch.features());
            Tensor logits = model.forward(x, Mode.EVAL);
            Tensor predicted = batchPredictions.get(backend, Shape.of(n));
            backend.argmax(predicted, logits, n, logits.shape().dim(1));
            backend.copy(all, from, predicted, 0, n);
        }
        float[] classes = all.toArray();
        backend.free(all);
        inputs.free();
        batchPredictions.free();
        int[] predicted = new int[classes.length];
        Arrays.setAll(predicted, i -> (int) classes[i]);
        return predicted;
    }

    /** The input of every activation layer on a probe batch, in eval mode: what the histograms show. */
    private static Map<String, double[]> activations(Sequential model, Dataset data, Backend backend) {
        Map<String, double[]> out = new LinkedHashMap<>();
        Tensor h = probe(data, backend);
        for (Map.Entry<String, Layer> e : model.children().entrySet()) {
            if (e.getValue() instanceof PointwiseActivation) {
                float[] v = h.toArray();
                double[] d = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    d[i] = v[i];
                }
                out.put("layer " + e.getKey() + " (" + e.getValue().kind() + " input)", d);
            }
            h = e.getValue().forward(h, Mode.EVAL);
        }
        return out;
    }

    /** Holds on to the history of a run, so that a run whose training failed still reports its finished epochs. */
    private static final class HistoryTap implements Callback {
        private History history = new History();

        @Override
        public void onTrainBegin(TrainingContext ctx) {
            history = ctx.history();
        }
    }
}
