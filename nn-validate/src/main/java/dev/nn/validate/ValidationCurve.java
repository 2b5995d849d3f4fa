package dev.nn.validate;

import dev.nn.validate.trial.Trial;
import dev.nn.validate.trial.TrialJob;
import dev.nn.validate.trial.TrialResult;
import dev.nn.validate.trial.TrialRunner;
import dev.nn.validate.trial.TrialWork;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Error against one hyper-parameter (model complexity, regularization strength), scikit-learn's
 * {@code validation_curve}: every value is cross-validated with the same splits and the same fold seeds, so the
 * values differ only in the parameter. All (value, fold) fits are one job of trials for a {@link TrialRunner}: the
 * local thread pool unless {@link #optRunner} gives one.
 *
 * @param <P> the parameter's type
 */
public final class ValidationCurve<P> {
    private final Splitter splitter;
    private final Function<P, FoldFitter> fitterFor;
    private final long seed;
    private final TrialRunner runner;

    /**
     * A validation curve over the given splitter.
     *
     * @param splitter how to split
     * @param fitterFor the fitter for a parameter value
     * @param seed master seed of the fold seeds (shared by all values)
     * @param parallelism folds at once
     */
    public ValidationCurve(Splitter splitter, Function<P, FoldFitter> fitterFor, long seed, int parallelism) {
        this(splitter, fitterFor, seed, Runners.choose(null, parallelism));
    }

    private ValidationCurve(Splitter splitter, Function<P, FoldFitter> fitterFor, long seed, TrialRunner runner) {
        this.splitter = Objects.requireNonNull(splitter, "splitter");
        this.fitterFor = Objects.requireNonNull(fitterFor, "fitterFor");
        this.seed = seed;
        this.runner = runner;
    }

    /**
     * {@return the same curve, run by {@code r}}
     *
     * @param r runs the fits; the caller keeps it and closes it
     */
    public ValidationCurve<P> optRunner(TrialRunner r) {
        return new ValidationCurve<>(splitter, fitterFor, seed, Objects.requireNonNull(r, "runner"));
    }

    /**
     * A point of the curve.
     *
     * @param value the parameter value
     * @param result its cross-validation
     * @param <P> the parameter's type
     */
    public record Point<P>(P value, CrossValidationResult result) {
        /** {@return mean training loss over folds} */
        public double trainLoss() {
            return result.estimate(FitHistory.LOSS).mean();
        }

        /** {@return mean validation loss over folds} */
        public double validationLoss() {
            return result.estimate(FitHistory.VAL_LOSS).mean();
        }
    }

    /**
     * {@return one point per value}
     *
     * @param values the parameter values, in plotting order
     * @param samples the data set
     */
    public List<Point<P>> run(List<P> values, Samples samples) {
        if (values.isEmpty()) {
            return List.of();
        }
        SplitPlan plan = splitter.split(samples);
        List<FoldContext> folds = TrialPlans.contexts(plan.splits(), seed);
        List<Trial> trials = new ArrayList<>();
        List<TrialWork> works = new ArrayList<>();
        for (int v = 0; v < values.size(); v++) {
            trials.addAll(TrialPlans.trials(v, folds, v * folds.size()));
            works.add(new FoldFitterWork(fitterFor.apply(values.get(v))));
        }
        List<TrialResult> results = runner.run(new TrialJob(trials, FoldFitterWork.rows(samples.count()), works,
                1));
        List<FoldResult> all = TrialPlans.folds(results, "Validation curve");
        List<Point<P>> out = new ArrayList<>();
        for (int v = 0; v < values.size(); v++) {
            List<FoldResult> own = all.subList(v * folds.size(), (v + 1) * folds.size());
            out.add(new Point<>(values.get(v), new CrossValidationResult(splitter.describe(), own, plan.warnings(),
                    0.95)));
        }
        return out;
    }
}
