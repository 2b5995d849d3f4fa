package dev.nn.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * scikit-learn's {@code GridSearchCV}: cross-validate every configuration with the same splits and fold seeds,
 * pick the best mean score (lowest for losses, highest for accuracies) and refit it on all the given rows.
 * {@link #nested} wraps the whole search in an outer cross-validation for an unbiased estimate of the selected
 * model (the inner search's best score is optimistically biased).
 *
 * @param <C> the configuration type
 */
public final class GridSearch<C> {
    private final List<C> configs;
    private final Function<C, FoldFitter> fitterFor;
    private final Splitter splitter;
    private final String scoreKey;
    private final boolean maximize;
    private final long seed;
    private final int parallelism;

    /**
     * A search over the given configurations.
     *
     * @param configs the candidates, at least one
     * @param fitterFor the fitter for a configuration
     * @param splitter inner splitter
     * @param scoreKey the history key to select on, e.g. {@code val_loss} or {@code val_accuracy}
     * @param maximize whether higher scores are better
     * @param seed master seed of the fold seeds
     * @param parallelism folds at once
     */
    public GridSearch(List<C> configs, Function<C, FoldFitter> fitterFor, Splitter splitter, String scoreKey,
                      boolean maximize, long seed, int parallelism) {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("GridSearch needs at least one configuration");
        }
        this.configs = List.copyOf(configs);
        this.fitterFor = fitterFor;
        this.splitter = splitter;
        this.scoreKey = scoreKey;
        this.maximize = maximize;
        this.seed = seed;
        this.parallelism = parallelism;
    }

    /**
     * One candidate's cross-validated score.
     *
     * @param config the configuration
     * @param score the score over folds
     * @param result the full cross-validation
     * @param <C> the configuration type
     */
    public record Candidate<C>(C config, Estimate score, CrossValidationResult result) {
    }

    /**
     * The search's outcome.
     *
     * @param candidates every configuration's score, in the given order
     * @param bestIndex position of the best
     * @param refit the best configuration retrained on all rows (its history has no validation part)
     * @param <C> the configuration type
     */
    public record Result<C>(List<Candidate<C>> candidates, int bestIndex, FitHistory refit) {
        /** {@return the best configuration} */
        public C best() {
            return candidates.get(bestIndex).config();
        }

        /** {@return the best configuration's cross-validated score} */
        public Estimate bestScore() {
            return candidates.get(bestIndex).score();
        }
    }

    /**
     * Searches over the given rows of the data set and refits the best on all of them.
     *
     * @param samples the whole data set
     * @param rows the rows to search on (all rows for a plain search, the outer training part when nested)
     * @return scores, the best configuration and its refit
     */
    public Result<C> run(Samples samples, int[] rows) {
        Samples sub = samples.subset(rows);
        SplitPlan inner = splitter.split(sub);
        List<Split> mapped = new ArrayList<>();
        for (Split s : inner.splits()) {
            mapped.add(new Split(map(rows, s.train()), map(rows, s.test())));
        }
        List<FoldContext> jobs = CrossValidation.contexts(mapped, seed);
        List<Candidate<C>> candidates = new ArrayList<>();
        int best = 0;
        for (int i = 0; i < configs.size(); i++) {
            List<FoldResult> folds = FoldRunner.run(fitterFor.apply(configs.get(i)), jobs, parallelism);
            CrossValidationResult r = new CrossValidationResult(splitter.describe(), folds, inner.warnings(), 0.95);
            candidates.add(new Candidate<>(configs.get(i), r.estimate(scoreKey), r));
            double s = candidates.get(i).score().mean();
            double b = candidates.get(best).score().mean();
            if (maximize ? s > b : s < b) {
                best = i;
            }
        }
        FitHistory refit = fitterFor.apply(configs.get(best))
                .fit(new FoldContext(-1, rows, new int[0], new java.util.SplittableRandom(seed).split().nextLong()));
        return new Result<>(candidates, best, refit);
    }

    /**
     * Nested cross-validation: for every outer split, search on its training part, refit the winner there and
     * score it on the outer test part (never seen by the search).
     *
     * @param outer the outer splitter
     * @param samples the data set
     * @return per outer fold the chosen configuration and its outer score
     */
    public NestedResult<C> nested(Splitter outer, Samples samples) {
        SplitPlan plan = outer.split(samples);
        List<C> chosen = new ArrayList<>();
        double[] scores = new double[plan.size()];
        List<FoldContext> outerJobs = CrossValidation.contexts(plan.splits(), seed ^ 0x9E3779B97F4A7C15L);
        for (int f = 0; f < plan.size(); f++) {
            Result<C> inner = run(samples, plan.get(f).train());
            chosen.add(inner.best());
            FitHistory h = fitterFor.apply(inner.best()).fit(outerJobs.get(f));
            scores[f] = h.last(scoreKey);
        }
        return new NestedResult<>(chosen, Estimate.of(scores));
    }

    /**
     * Outcome of a nested cross-validation.
     *
     * @param chosen the configuration the inner search chose in each outer fold
     * @param outerScore the outer folds' scores of those choices
     * @param <C> the configuration type
     */
    public record NestedResult<C>(List<C> chosen, Estimate outerScore) {
    }

    private static int[] map(int[] rows, int[] positions) {
        int[] out = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            out[i] = rows[positions[i]];
        }
        return out;
    }
}
