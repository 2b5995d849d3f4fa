package dev.nn.validate.trial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Runs trials in this JVM, one at a time or on a pool of {@code parallelism} threads; the {@code local} runner.
 * Each trial carries its own seed, fixed before anything runs, and results are put back in trial order, so the
 * parallel run returns exactly what the sequential one does. Works run in place, unserialized: a fold fitter that
 * holds a live backend and in-memory data runs here.
 */
public final class LocalTrialRunner implements TrialRunner {
    /** This runner's name. */
    public static final String NAME = "local";

    private final int parallelism;

    /**
     * A runner of {@code parallelism} trials at once.
     *
     * @param parallelism trials at once, at least 1 (1 = sequential, in the calling thread)
     */
    public LocalTrialRunner(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism
                    + "; use 1 for sequential trials");
        }
        this.parallelism = parallelism;
    }

    /** {@return a runner of one trial at a time, in the calling thread} */
    public static LocalTrialRunner sequential() {
        return new LocalTrialRunner(1);
    }

    /** {@return trials run at once} */
    public int parallelism() {
        return parallelism;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TrialResult> run(TrialJob job, TrialListener listener, BooleanSupplier stop) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(stop, "stop");
        List<Trial> trials = job.trials();
        TrialResult[] results = new TrialResult[trials.size()];
        if (parallelism == 1 || trials.size() <= 1) {
            int done = 0;
            for (int i = 0; i < trials.size(); i++) {
                results[i] = one(job, trials.get(i), stop);
                if (results[i] != null) {
                    listener.trialFinished(results[i], ++done, trials.size());
                }
            }
        } else {
            runPooled(job, listener, stop, results);
        }
        return Arrays.stream(results).filter(Objects::nonNull).toList();
    }

    private void runPooled(TrialJob job, TrialListener listener, BooleanSupplier stop, TrialResult[] results) {
        List<Trial> trials = job.trials();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, trials.size()))) {
            CompletionService<Integer> finished = new ExecutorCompletionService<>(pool);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < trials.size(); i++) {
                int at = i;
                futures.add(finished.submit(() -> {
                    results[at] = one(job, trials.get(at), stop);
                    return at;
                }));
            }
            int done = 0;
            for (int n = 0; n < trials.size(); n++) {
                int at;
                try {
                    at = finished.take().get();
                } catch (ExecutionException e) {
                    futures.forEach(f -> f.cancel(true));
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException("A trial's thread failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    futures.forEach(f -> f.cancel(true));
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for trials to finish", e);
                }
                // the future's completion orders the worker's write before this read
                if (results[at] != null) {
                    listener.trialFinished(results[at], ++done, trials.size());
                }
            }
        }
    }

    /** @return the trial's result, or null when it was skipped or may have been cut short by a stop request */
    private static TrialResult one(TrialJob job, Trial trial, BooleanSupplier stop) {
        if (stop.getAsBoolean()) {
            return null;
        }
        TrialResult r = job.run(trial, stop);
        return stop.getAsBoolean() ? null : r;
    }

    @Override
    public void close() {
        // each run owns its pool and closes it before returning
    }

    @Override
    public String toString() {
        return "local runner, " + parallelism + (parallelism == 1 ? " trial" : " trials") + " at once";
    }
}
