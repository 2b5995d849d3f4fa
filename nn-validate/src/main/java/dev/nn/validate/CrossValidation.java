package dev.nn.validate;

import dev.nn.core.data.Dataset;
import dev.nn.validate.trial.LocalTrialRunner;
import dev.nn.validate.trial.TrialJob;
import dev.nn.validate.trial.TrialListener;
import dev.nn.validate.trial.TrialRunner;
import dev.nn.validate.trial.TrialWork;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * K-fold (or any {@link Splitter}) cross-validation: one fresh model per fold, trained on the fold's training part
 * and evaluated on its held-out part, then summarized as mean ± std with a t-interval over folds. Folds can run in
 * parallel; each has its own seed drawn in fold order from {@code seed} before any runs, so results are identical
 * to the sequential run. {@link SplitChecks} run first when given (errors stop the run, warnings are kept). A stop
 * condition ({@link Builder#optStopWhen}, e.g. Ctrl-C) ends the run early with the folds that finished before it.
 *
 * <p>Every fold is a {@link dev.nn.validate.trial.Trial} run by a {@link TrialRunner}: the local thread pool by
 * default, or any runner given with {@link Builder#optRunner} (a cluster runner needs a {@link TrialWork} made of
 * plain data, given with {@link Builder#setWork}; an in-process {@link FoldFitter} runs locally only).
 *
 * <pre>{@code
 * CrossValidationResult r = CrossValidation.builder().setSplitter(new StratifiedKFold(5))
 *         .setFitter(fitter).optSeed(7).optParallelism(4).build().run(Samples.labeled(y));
 * System.out.println(r.estimate("val_accuracy"));
 * }</pre>
 */
public final class CrossValidation {
    private final Splitter splitter;
    private final TrialWork work;
    private final Dataset data;
    private final long seed;
    private final TrialRunner runner;
    private final int threadsPerTrial;
    private final double confidence;
    private final SplitChecks checks;
    private final BooleanSupplier stop;
    private final TrialListener listener;

    private CrossValidation(Builder b) {
        if (b.splitter == null || b.work == null) {
            throw new IllegalArgumentException("CrossValidation needs setSplitter and setFitter (or setWork)");
        }
        this.splitter = b.splitter;
        this.work = b.work;
        this.data = b.data;
        this.seed = b.seed;
        this.runner = Runners.choose(b.runner, b.parallelism);
        this.threadsPerTrial = b.threadsPerTrial;
        this.confidence = b.confidence;
        this.checks = b.checks;
        this.stop = b.stop;
        this.listener = b.listener;
    }

    /** {@return a builder: seed 0, sequential, 95% intervals, no split checks} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return per-fold histories and summaries: of every fold, or of those that finished before a stop request}
     *
     * @param samples the data set's size, labels and groups
     */
    public CrossValidationResult run(Samples samples) {
        SplitPlan plan = splitter.split(samples);
        List<String> warnings = new ArrayList<>(plan.warnings());
        if (checks != null) {
            List<SplitChecks.Finding> findings = checks.check(samples, plan.splits());
            SplitChecks.throwOnErrors(findings);
            findings.forEach(f -> warnings.add(f.message()));
        }
        Dataset rows = Runners.data(data, samples.count());
        TrialJob job = new TrialJob(TrialPlans.trials(0, TrialPlans.contexts(plan.splits(), seed), 0), rows,
                List.of(work), threadsPerTrial);
        List<FoldResult> folds = TrialPlans.folds(runner.run(job, listener, stop), "Cross-validation");
        return new CrossValidationResult(splitter.describe(), folds, warnings, confidence);
    }

    /** Settings of a {@link CrossValidation}. */
    public static final class Builder {
        private Splitter splitter;
        private TrialWork work;
        private Dataset data;
        private long seed;
        private int parallelism = 1;
        private TrialRunner runner;
        private int threadsPerTrial = 1;
        private double confidence = 0.95;
        private SplitChecks checks;
        private BooleanSupplier stop = () -> false;
        private TrialListener listener = TrialListener.none();

        private Builder() {
        }

        /**
         * {@return this}
         *
         * @param s how to split
         */
        public Builder setSplitter(Splitter s) {
            this.splitter = s;
            return this;
        }

        /**
         * Trains every fold with an in-process fitter (it holds its own data and backend): runs on the local runner
         * only. Replaces a {@link #setWork work}.
         *
         * @param f trains one fold
         * @return this
         */
        public Builder setFitter(FoldFitter f) {
            this.work = new FoldFitterWork(f);
            this.data = null;
            return this;
        }

        /**
         * Trains every fold with a work that gets the data from the runner: with a work of plain data (a recipe) the
         * folds can run on any runner, in other JVMs too. Replaces a {@link #setFitter fitter}.
         *
         * @param w trains one fold
         * @param samples all samples, the rows the splitter splits
         * @return this
         */
        public Builder setWork(TrialWork w, Dataset samples) {
            this.work = w;
            this.data = java.util.Objects.requireNonNull(samples, "samples");
            return this;
        }

        /**
         * {@return this}
         *
         * @param s master seed of the folds' seeds; default 0
         */
        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * {@return this}
         *
         * @param threads folds run at once by the built-in local runner; default 1 (sequential). A runner given
         *                with {@link #optRunner} has its own setting.
         */
        public Builder optParallelism(int threads) {
            this.parallelism = threads;
            return this;
        }

        /**
         * {@return this}
         *
         * @param r runs the folds; default a {@link LocalTrialRunner} of {@link #optParallelism} threads. The caller
         *          keeps it and closes it.
         */
        public Builder optRunner(TrialRunner r) {
            this.runner = r;
            return this;
        }

        /**
         * {@return this}
         *
         * @param threads compute threads one fold may use, for runners that reserve cores per trial; default 1
         */
        public Builder optThreadsPerTrial(int threads) {
            this.threadsPerTrial = threads;
            return this;
        }

        /**
         * {@return this}
         *
         * @param l hears of every finished fold, on the calling side (progress lines); default none
         */
        public Builder optListener(TrialListener l) {
            this.listener = java.util.Objects.requireNonNull(l, "listener");
            return this;
        }

        /**
         * {@return this}
         *
         * @param level confidence of the intervals; default 0.95
         */
        public Builder optConfidence(double level) {
            this.confidence = level;
            return this;
        }

        /**
         * {@return this}
         *
         * @param c sanity checks to run on the splits first; default none
         */
        public Builder optChecks(SplitChecks c) {
            this.checks = c;
            return this;
        }

        /**
         * Ends the run early once {@code condition} is true: folds not yet started are skipped, and a fold that ends
         * while it is true is left out of the result, since it may have been cut short (stop its training too, e.g.
         * with {@link TrainerFitter.Builder#optStopWhen}). The result then holds the folds that finished before, in
         * order, possibly none.
         *
         * @param condition polled before and after each fold and passed to the fold's work; default never
         * @return this
         */
        public Builder optStopWhen(BooleanSupplier condition) {
            this.stop = condition;
            return this;
        }

        /** {@return the runner} */
        public CrossValidation build() {
            return new CrossValidation(this);
        }
    }
}
