package dev.nn.validate.trial;

import dev.nn.core.data.Dataset;
import dev.nn.validate.FitHistory;
import dev.nn.validate.FoldContext;
import java.io.Serializable;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One fit of a plan: which configuration trains on which split, with which seed. Seeds come from the trial's place
 * in the plan (drawn in plan order before anything runs), never from the order trials happen to be scheduled in.
 *
 * @param index the trial's position in its plan
 * @param candidate which configuration of a grid trains (its position in {@link TrialJob#works()}); 0 for plain
 *                  cross-validation
 * @param fold the split's training and validation rows and the trial's seed
 */
public record Trial(int index, int candidate, FoldContext fold) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Checks the positions. */
    public Trial {
        Objects.requireNonNull(fold, "fold");
        if (index < 0 || candidate < 0) {
            throw new IllegalArgumentException("A trial's index and candidate must be >= 0, got index=" + index
                    + ", candidate=" + candidate + "; number trials and candidates from 0 in plan order");
        }
    }

    /**
     * Runs this trial here, in this thread: times the fit and turns an exception, or a fit that recorded no epoch,
     * into a failed result, so one bad trial does not end a whole grid. Every runner runs trials through this. An
     * {@link Error} (out of memory) is not the trial's result and propagates.
     *
     * @param work the trial's configuration
     * @param data all samples of the job
     * @param stop true once the run is to stop, passed to the work
     * @return the trial's result, successful or failed
     */
    public TrialResult run(TrialWork work, Dataset data, BooleanSupplier stop) {
        return run(work, data, stop, false);
    }

    /**
     * Runs this trial here, as {@link #run(TrialWork, Dataset, BooleanSupplier)} does, returning the trained
     * weights too when asked ({@link TrialWork#fitAndKeep}).
     *
     * @param work the trial's configuration
     * @param data all samples of the job
     * @param stop true once the run is to stop, passed to the work
     * @param keepWeights whether the result carries the trained model
     * @return the trial's result, successful or failed
     */
    public TrialResult run(TrialWork work, Dataset data, BooleanSupplier stop, boolean keepWeights) {
        long t0 = System.nanoTime();
        try {
            FitHistory history;
            byte[] weights = null;
            if (keepWeights) {
                TrialWork.Trained trained = work.fitAndKeep(fold, data, stop);
                history = trained.history();
                weights = trained.weights();
            } else {
                history = work.fit(fold, data, stop);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (history == null || history.epochs() == 0) {
                return TrialResult.ofError(this, "IllegalStateException", "The trial's work recorded no epoch for"
                        + " fold " + fold.fold() + "; it must record at least one epoch of loss", seconds);
            }
            return TrialResult.of(this, history, seconds).withWeights(weights);
        } catch (RuntimeException e) {   // an Error (out of memory) is the machine's, not the trial's: it propagates
            return TrialResult.ofError(this, e, (System.nanoTime() - t0) / 1e9);
        }
    }
}
