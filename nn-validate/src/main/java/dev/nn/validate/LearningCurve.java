package dev.nn.validate;

import dev.nn.validate.trial.Trial;
import dev.nn.validate.trial.TrialJob;
import dev.nn.validate.trial.TrialRunner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Error against training-set size, scikit-learn's {@code learning_curve}: the sizes are resolved against the
 * FIRST split's training-fold size ({@link TrainSizes#resolve}); for every split and size the model trains on the
 * first {@code size} indices of that split's training part and is evaluated on its test part. Each (size, fold)
 * fit gets its own seed, drawn in order before anything runs, so parallel runs equal sequential ones. The fits are
 * one job of trials for a {@link TrialRunner} (the local thread pool unless {@link Builder#optRunner} gives one).
 */
public final class LearningCurve {
    private final Splitter splitter;
    private final FoldFitter fitter;
    private final TrainSizes sizes;
    private final long seed;
    private final TrialRunner runner;

    private LearningCurve(Builder b) {
        if (b.splitter == null || b.fitter == null) {
            throw new IllegalArgumentException("LearningCurve needs setSplitter and setFitter");
        }
        this.splitter = b.splitter;
        this.fitter = b.fitter;
        this.sizes = b.sizes;
        this.seed = b.seed;
        this.runner = Runners.choose(b.runner, b.parallelism);
    }

    /** {@return a builder: sizes linspace(0.1, 1.0, 5), seed 0, sequential} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return per size and fold the training and validation histories}
     *
     * @param samples the data set
     */
    public LearningCurveResult run(Samples samples) {
        SplitPlan plan = splitter.split(samples);
        List<String> warnings = new ArrayList<>(plan.warnings());
        int nMax = plan.get(0).train().length;
        int[] abs = sizes.resolve(nMax, warnings);
        for (Split s : plan.splits()) {
            if (s.train().length < abs[abs.length - 1]) {
                throw new SplitException("Split " + plan.splits().indexOf(s) + " has " + s.train().length
                        + " training samples, fewer than the largest requested size " + abs[abs.length - 1]
                        + " (taken from the first split). Use a splitter with equal training sizes or smaller "
                        + "train sizes.");
            }
        }
        SplittableRandom master = new SplittableRandom(seed);
        List<Trial> trials = new ArrayList<>();
        for (int size : abs) {
            for (int f = 0; f < plan.size(); f++) {
                int[] train = Arrays.copyOf(plan.get(f).train(), size);
                trials.add(new Trial(trials.size(), 0,
                        new FoldContext(f, train, plan.get(f).test(), master.nextLong())));
            }
        }
        TrialJob job = TrialJob.of(trials, FoldFitterWork.rows(samples.count()), new FoldFitterWork(fitter));
        List<FoldResult> results = TrialPlans.folds(runner.run(job), "Learning curve");
        List<List<FoldResult>> bySize = new ArrayList<>();
        for (int i = 0; i < abs.length; i++) {
            bySize.add(results.subList(i * plan.size(), (i + 1) * plan.size()));
        }
        return new LearningCurveResult(abs, bySize, warnings);
    }

    /** Settings of a {@link LearningCurve}. */
    public static final class Builder {
        private Splitter splitter;
        private FoldFitter fitter;
        private TrainSizes sizes = TrainSizes.linspace(0.1, 1.0, 5);
        private long seed;
        private int parallelism = 1;
        private TrialRunner runner;

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
         * @param f trains one fit
         */
        public Builder setFitter(FoldFitter f) {
            this.fitter = f;
            return this;
        }

        /**
         * {@return this}
         *
         * @param s training sizes; default {@code linspace(0.1, 1.0, 5)}
         */
        public Builder optTrainSizes(TrainSizes s) {
            this.sizes = s;
            return this;
        }

        /**
         * {@return this}
         *
         * @param s master seed; default 0
         */
        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * {@return this}
         *
         * @param threads fits at once; default 1
         */
        public Builder optParallelism(int threads) {
            this.parallelism = threads;
            return this;
        }

        /**
         * {@return this}
         *
         * @param r runs the fits; default a local runner of {@link #optParallelism} threads. The caller keeps it
         *          and closes it.
         */
        public Builder optRunner(TrialRunner r) {
            this.runner = r;
            return this;
        }

        /** {@return the learning curve} */
        public LearningCurve build() {
            return new LearningCurve(this);
        }
    }
}
