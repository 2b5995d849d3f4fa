package dev.nn.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * K-fold (or any {@link Splitter}) cross-validation: one fresh model per fold, trained on the fold's training part
 * and evaluated on its held-out part, then summarized as mean ± std with a t-interval over folds. Folds can run in
 * parallel; each has its own seed drawn in fold order from {@code seed} before any runs, so results are identical
 * to the sequential run. {@link SplitChecks} run first when given (errors stop the run, warnings are kept). A stop
 * condition ({@link Builder#optStopWhen}, e.g. Ctrl-C) ends the run early with the folds that finished before it.
 *
 * <pre>{@code
 * CrossValidationResult r = CrossValidation.builder().setSplitter(new StratifiedKFold(5))
 *         .setFitter(fitter).optSeed(7).optParallelism(4).build().run(Samples.labeled(y));
 * System.out.println(r.estimate("val_accuracy"));
 * }</pre>
 */
public final class CrossValidation {
    private final Splitter splitter;
    private final FoldFitter fitter;
    private final long seed;
    private final int parallelism;
    private final double confidence;
    private final SplitChecks checks;
    private final BooleanSupplier stop;

    private CrossValidation(Builder b) {
        if (b.splitter == null || b.fitter == null) {
            throw new IllegalArgumentException("CrossValidation needs setSplitter and setFitter");
        }
        if (b.parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + b.parallelism);
        }
        this.splitter = b.splitter;
        this.fitter = b.fitter;
        this.seed = b.seed;
        this.parallelism = b.parallelism;
        this.confidence = b.confidence;
        this.checks = b.checks;
        this.stop = b.stop;
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
        List<FoldResult> folds = FoldRunner.run(fitter, contexts(plan.splits(), seed), parallelism, stop);
        return new CrossValidationResult(splitter.describe(), folds, warnings, confidence);
    }

    /** Fold seeds drawn in fold order before any fold runs. */
    static List<FoldContext> contexts(List<Split> splits, long seed) {
        SplittableRandom master = new SplittableRandom(seed);
        List<FoldContext> jobs = new ArrayList<>();
        for (int i = 0; i < splits.size(); i++) {
            jobs.add(new FoldContext(i, splits.get(i).train(), splits.get(i).test(), master.nextLong()));
        }
        return jobs;
    }

    /** Settings of a {@link CrossValidation}. */
    public static final class Builder {
        private Splitter splitter;
        private FoldFitter fitter;
        private long seed;
        private int parallelism = 1;
        private double confidence = 0.95;
        private SplitChecks checks;
        private BooleanSupplier stop = () -> false;

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
         * {@return this}
         *
         * @param f trains one fold
         */
        public Builder setFitter(FoldFitter f) {
            this.fitter = f;
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
         * @param threads folds run at once; default 1 (sequential)
         */
        public Builder optParallelism(int threads) {
            this.parallelism = threads;
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
         * @param condition polled before and after each fold, from the threads that run folds; default never
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
