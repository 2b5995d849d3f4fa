package dev.nn.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Error against one hyper-parameter (model complexity, regularization strength), scikit-learn's
 * {@code validation_curve}: every value is cross-validated with the same splits and the same fold seeds, so the
 * values differ only in the parameter.
 *
 * @param <P> the parameter's type
 */
public final class ValidationCurve<P> {
    private final Splitter splitter;
    private final Function<P, FoldFitter> fitterFor;
    private final long seed;
    private final int parallelism;

    /**
     * A validation curve over the given splitter.
     *
     * @param splitter how to split
     * @param fitterFor the fitter for a parameter value
     * @param seed master seed of the fold seeds (shared by all values)
     * @param parallelism folds at once
     */
    public ValidationCurve(Splitter splitter, Function<P, FoldFitter> fitterFor, long seed, int parallelism) {
        this.splitter = splitter;
        this.fitterFor = fitterFor;
        this.seed = seed;
        this.parallelism = parallelism;
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
        List<Point<P>> out = new ArrayList<>();
        for (P v : values) {
            CrossValidationResult r = CrossValidation.builder().setSplitter(splitter).setFitter(fitterFor.apply(v))
                    .optSeed(seed).optParallelism(parallelism).build().run(samples);
            out.add(new Point<>(v, r));
        }
        return out;
    }
}
