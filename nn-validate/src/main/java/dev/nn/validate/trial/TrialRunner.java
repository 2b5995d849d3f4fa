package dev.nn.validate.trial;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs trials: a local thread pool ({@link LocalTrialRunner}) or a cluster engine plugged in through
 * {@link TrialRunnerProvider}. Every runner returns, for the same job, the same results as the sequential local run
 * (bit-identical histories on the same backend), because each trial is a pure function of its work, its split and
 * its seed.
 *
 * <p>A runner may hold resources (threads, a cluster session) until {@link #close()}.
 */
public interface TrialRunner extends AutoCloseable {
    /** {@return the runner's name, as its provider's} */
    String name();

    /**
     * Runs a job's trials. A trial that throws comes back as a failed {@link TrialResult}; it does not end the run.
     * Once {@code stop} is true, trials not yet started are not run, and a trial that finishes while it is true is
     * left out of the results, since it may have been cut short.
     *
     * @param job the trials, their data and works
     * @param listener hears of each finished trial, on the calling side
     * @param stop true once the run is to stop (Ctrl-C)
     * @return the results of the trials that ran to the end, in the job's trial order
     * @throws dev.nn.api.NnException when the runner cannot run this job at all (e.g. a work it cannot ship),
     *                                before any trial runs
     */
    List<TrialResult> run(TrialJob job, TrialListener listener, BooleanSupplier stop);

    /**
     * {@return the results of all the job's trials, in trial order}
     *
     * @param job the trials, their data and works
     */
    default List<TrialResult> run(TrialJob job) {
        return run(job, TrialListener.none(), () -> false);
    }

    /** Releases what the runner holds; it runs nothing afterwards. */
    @Override
    void close();
}
