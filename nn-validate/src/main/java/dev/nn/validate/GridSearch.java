package dev.nn.validate;

import dev.nn.api.NnException;
import dev.nn.core.data.Dataset;
import dev.nn.validate.trial.Trial;
import dev.nn.validate.trial.TrialJob;
import dev.nn.validate.trial.TrialListener;
import dev.nn.validate.trial.TrialResult;
import dev.nn.validate.trial.TrialRunner;
import dev.nn.validate.trial.TrialWork;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * scikit-learn's {@code GridSearchCV}: cross-validate every configuration with the same splits and fold seeds,
 * pick the best mean score (lowest for losses, highest for accuracies) and refit it on all the given rows.
 * {@link #nested} wraps the whole search in an outer cross-validation for an unbiased estimate of the selected
 * model (the inner search's best score is optimistically biased).
 *
 * <p>All (configuration, fold) fits of a search are one job of trials for a {@link TrialRunner}: the local thread
 * pool by default, or the runner given with {@link #optRunner}. A configuration whose fit throws comes back as a
 * failed {@link Candidate} and is not chosen; the search goes on with the others.
 *
 * @param <C> the configuration type
 */
public final class GridSearch<C> {
    private final List<C> configs;
    private final Function<C, TrialWork> workFor;
    private final Dataset data;
    private final Splitter splitter;
    private final String scoreKey;
    private final boolean maximize;
    private final long seed;
    private final Execution execution;

    /**
     * How the search's trials run: where, who hears of each finished trial, when to stop, how many threads each
     * trial may use, and whether the best configuration is refitted on all rows.
     */
    private record Execution(TrialRunner runner, TrialListener listener, BooleanSupplier stop, int threadsPerTrial,
                             boolean refit) {
        static Execution on(TrialRunner runner) {
            return new Execution(runner, TrialListener.none(), () -> false, 1, true);
        }
    }

    /**
     * A search over the given configurations with in-process fitters, run on the local runner.
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
        this(configs, c -> new FoldFitterWork(fitterFor.apply(c)), null, splitter, scoreKey, maximize, seed,
                Execution.on(Runners.choose(null, parallelism)));
    }

    private GridSearch(List<C> configs, Function<C, TrialWork> workFor, Dataset data, Splitter splitter,
                       String scoreKey, boolean maximize, long seed, Execution execution) {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("GridSearch needs at least one configuration");
        }
        this.configs = List.copyOf(configs);
        this.workFor = Objects.requireNonNull(workFor, "workFor");
        this.data = data;
        this.splitter = Objects.requireNonNull(splitter, "splitter");
        this.scoreKey = Objects.requireNonNull(scoreKey, "scoreKey");
        this.maximize = maximize;
        this.seed = seed;
        this.execution = execution;
    }

    /**
     * A search whose configurations are works of plain data (recipes), so its trials can run on any runner.
     *
     * @param configs the candidates, at least one
     * @param workFor the work that trains a configuration
     * @param data all samples, the rows the splitter splits
     * @param splitter inner splitter
     * @param scoreKey the history key to select on
     * @param maximize whether higher scores are better
     * @param seed master seed of the fold seeds
     * @param <C> the configuration type
     * @return the search, on a sequential local runner until {@link #optRunner} says otherwise
     */
    public static <C> GridSearch<C> ofWorks(List<C> configs, Function<C, TrialWork> workFor, Dataset data,
                                            Splitter splitter, String scoreKey, boolean maximize, long seed) {
        return new GridSearch<>(configs, workFor, Objects.requireNonNull(data, "data"), splitter, scoreKey,
                maximize, seed, Execution.on(Runners.choose(null, 1)));
    }

    private GridSearch<C> with(Execution e) {
        return new GridSearch<>(configs, workFor, data, splitter, scoreKey, maximize, seed, e);
    }

    /**
     * {@return the same search, run by {@code r}}
     *
     * @param r runs the trials; the caller keeps it and closes it
     */
    public GridSearch<C> optRunner(TrialRunner r) {
        Execution e = execution;
        return with(new Execution(Objects.requireNonNull(r, "runner"), e.listener(), e.stop(), e.threadsPerTrial(),
                e.refit()));
    }

    /**
     * {@return the same search, telling {@code l} of every (configuration, fold) trial as it finishes}
     *
     * @param l hears of finished trials on the caller's side, e.g. to print progress
     */
    public GridSearch<C> optListener(TrialListener l) {
        Execution e = execution;
        return with(new Execution(e.runner(), Objects.requireNonNull(l, "listener"), e.stop(), e.threadsPerTrial(),
                e.refit()));
    }

    /**
     * {@return the same search, ended early once {@code condition} is true (Ctrl-C)}: trials not started are not
     * run, a trial that finishes while it is true is left out, and only the configurations whose every fold
     * finished are scored; the others come back {@link Candidate#unfinished() unfinished}
     *
     * @param condition polled by the runner
     */
    public GridSearch<C> optStopWhen(BooleanSupplier condition) {
        Execution e = execution;
        return with(new Execution(e.runner(), e.listener(), Objects.requireNonNull(condition, "condition"),
                e.threadsPerTrial(), e.refit()));
    }

    /**
     * {@return the same search with {@code threads} compute threads per trial} (a runner reserves that many cores
     * for each trial; default 1)
     *
     * @param threads at least 1
     */
    public GridSearch<C> optThreadsPerTrial(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads per trial must be >= 1, got " + threads);
        }
        Execution e = execution;
        return with(new Execution(e.runner(), e.listener(), e.stop(), threads, e.refit()));
    }

    /**
     * {@return the same search, refitting the best configuration on all rows or not} (scikit-learn's
     * {@code refit}; default true; without it {@link Result#refit()} is null, and a search that only ranks
     * configurations saves one training)
     *
     * @param refit whether to refit the best configuration
     */
    public GridSearch<C> optRefit(boolean refit) {
        Execution e = execution;
        return with(new Execution(e.runner(), e.listener(), e.stop(), e.threadsPerTrial(), refit));
    }

    /**
     * One candidate's cross-validated score, or why it could not be scored.
     *
     * @param config the configuration
     * @param score the score over folds; null when a fit failed or a stop request left the folds unfinished
     * @param result the full cross-validation; null when a fit failed or its folds are unfinished
     * @param error what the first failed fit threw; null when every fit succeeded
     * @param <C> the configuration type
     */
    public record Candidate<C>(C config, Estimate score, CrossValidationResult result, TrialResult.TrialError error) {
        /**
         * A scored candidate.
         *
         * @param config the configuration
         * @param score the score over folds
         * @param result the full cross-validation
         */
        public Candidate(C config, Estimate score, CrossValidationResult result) {
            this(config, score, result, null);
        }

        /** {@return whether a fit of this configuration failed (it has no score then)} */
        public boolean failed() {
            return error != null;
        }

        /** {@return whether a stop request came before every fold of this configuration finished (no score)} */
        public boolean unfinished() {
            return error == null && score == null;
        }
    }

    /**
     * The search's outcome.
     *
     * @param candidates every configuration's score, in the given order
     * @param bestIndex position of the best; -1 only when a stop request came before any configuration finished
     * @param refit the best configuration retrained on all rows (its history has no validation part); null when
     *              refitting is off or the search was stopped
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
     * @throws NnException when every configuration failed, with their errors
     */
    public Result<C> run(Samples samples, int[] rows) {
        Samples sub = samples.subset(rows);
        SplitPlan inner = splitter.split(sub);
        List<Split> mapped = new ArrayList<>();
        for (Split s : inner.splits()) {
            mapped.add(new Split(map(rows, s.train()), map(rows, s.test())));
        }
        List<FoldContext> folds = TrialPlans.contexts(mapped, seed);
        List<TrialWork> works = configs.stream().map(workFor).toList();
        List<Trial> trials = new ArrayList<>();
        for (int c = 0; c < configs.size(); c++) {
            trials.addAll(TrialPlans.trials(c, folds, c * folds.size()));
        }
        Dataset jobData = Runners.data(data, samples.count());
        List<TrialResult> results = execution.runner().run(new TrialJob(trials, jobData, works,
                execution.threadsPerTrial()), execution.listener(), execution.stop());
        List<Candidate<C>> candidates = new ArrayList<>();
        int best = -1;
        for (int c = 0; c < configs.size(); c++) {
            int candidateIndex = c;
            List<TrialResult> own = results.stream().filter(r -> r.candidate() == candidateIndex).toList();
            Candidate<C> candidate = own.size() < folds.size() ? new Candidate<>(configs.get(c), null, null, null)
                    : candidate(configs.get(c), own, inner.warnings());
            candidates.add(candidate);
            if (candidate.score() != null && (best < 0 || better(candidate.score().mean(),
                    candidates.get(best).score().mean()))) {
                best = c;
            }
        }
        boolean stopped = results.size() < trials.size();
        if (best < 0 && !stopped) {
            throw new NnException("Grid search: every one of the " + configs.size() + " configurations failed: "
                    + candidates.stream().map(c -> c.config() + ": " + c.error()).toList()
                    + ". Fix the cause; a failed configuration is skipped only when another one succeeds");
        }
        if (stopped || !execution.refit()) {
            return new Result<>(candidates, best, null);
        }
        FoldContext all = new FoldContext(-1, rows, new int[0], new SplittableRandom(seed).split().nextLong());
        FitHistory refit = fitOne(works, best, all, jobData, "Grid search refit of " + configs.get(best));
        return new Result<>(candidates, best, refit);
    }

    private boolean better(double score, double best) {
        return maximize ? score > best : score < best;
    }

    private Candidate<C> candidate(C config, List<TrialResult> folds, List<String> warnings) {
        for (TrialResult r : folds) {
            if (r.failed()) {
                return new Candidate<>(config, null, null, r.error());
            }
        }
        CrossValidationResult cv = new CrossValidationResult(splitter.describe(),
                folds.stream().map(TrialResult::toFoldResult).toList(), warnings, 0.95);
        return new Candidate<>(config, cv.estimate(scoreKey), cv);
    }

    /** Runs one fit as a one-trial job on the runner; throws when it fails. */
    private FitHistory fitOne(List<TrialWork> works, int candidate, FoldContext fold, Dataset jobData, String what) {
        TrialJob job = new TrialJob(List.of(new Trial(0, candidate, fold)), jobData, works,
                execution.threadsPerTrial());
        return TrialPlans.folds(execution.runner().run(job, TrialListener.none(), () -> false), what).getFirst()
                .history();
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
        List<FoldContext> outerJobs = TrialPlans.contexts(plan.splits(), seed ^ 0x9E3779B97F4A7C15L);
        List<TrialWork> works = configs.stream().map(workFor).toList();
        Dataset jobData = Runners.data(data, samples.count());
        for (int f = 0; f < plan.size(); f++) {
            Result<C> inner = run(samples, plan.get(f).train());
            chosen.add(inner.best());
            FitHistory h = fitOne(works, inner.bestIndex(), outerJobs.get(f), jobData,
                    "Nested grid search, outer fold " + f);
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
