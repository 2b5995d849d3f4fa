package dev.nn.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Runs fold fits sequentially or on a fixed thread pool. Every job carries its own seed, fixed before anything
 * runs, and results are collected in job order: the parallel run returns exactly what the sequential one does.
 * A stop request (Ctrl-C) ends the run early with the folds that finished before it: folds not yet started are
 * skipped, and a fold that ends while the request stands is left out, since it may have been cut short.
 */
final class FoldRunner {
    private FoldRunner() {
    }

    static List<FoldResult> run(FoldFitter fitter, List<FoldContext> jobs, int parallelism) {
        return run(fitter, jobs, parallelism, () -> false);
    }

    /**
     * @param stop true once the run is to stop
     * @return the results of the folds that finished before {@code stop} became true, in job order
     */
    static List<FoldResult> run(FoldFitter fitter, List<FoldContext> jobs, int parallelism, BooleanSupplier stop) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism
                    + "; use 1 for sequential folds");
        }
        if (parallelism == 1 || jobs.size() <= 1) {
            List<FoldResult> out = new ArrayList<>();
            for (FoldContext job : jobs) {
                FoldResult r = one(fitter, job, stop);
                if (r != null) {
                    out.add(r);
                }
            }
            return out;
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, jobs.size()))) {
            List<Future<FoldResult>> futures = new ArrayList<>();
            for (FoldContext job : jobs) {
                futures.add(pool.submit(() -> one(fitter, job, stop)));
            }
            List<FoldResult> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    FoldResult r = futures.get(i).get();
                    if (r != null) {
                        out.add(r);
                    }
                } catch (ExecutionException e) {
                    futures.forEach(f -> f.cancel(true));
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException("Fold " + i + " failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for fold " + i, e);
                }
            }
            return out;
        }
    }

    /** @return the fold's result, or null when it was skipped or may have been cut short by a stop request */
    private static FoldResult one(FoldFitter fitter, FoldContext job, BooleanSupplier stop) {
        if (stop.getAsBoolean()) {
            return null;
        }
        long t0 = System.nanoTime();
        FitHistory h = fitter.fit(job);
        long t1 = System.nanoTime();
        if (stop.getAsBoolean()) {
            return null;
        }
        if (h == null || h.epochs() == 0) {
            throw new IllegalStateException("The fold fitter returned no epochs for fold " + job.fold()
                    + "; it must record at least one epoch of loss/val_loss");
        }
        return new FoldResult(job.fold(), job.train().length, job.validation().length, job.seed(), h, t1 - t0);
    }
}
