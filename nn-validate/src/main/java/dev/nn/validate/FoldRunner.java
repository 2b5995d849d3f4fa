package dev.nn.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs fold fits sequentially or on a fixed thread pool. Every job carries its own seed, fixed before anything
 * runs, and results are collected in job order: the parallel run returns exactly what the sequential one does.
 */
final class FoldRunner {
    private FoldRunner() {
    }

    static List<FoldResult> run(FoldFitter fitter, List<FoldContext> jobs, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism
                    + "; use 1 for sequential folds");
        }
        if (parallelism == 1 || jobs.size() <= 1) {
            List<FoldResult> out = new ArrayList<>();
            for (FoldContext job : jobs) {
                out.add(one(fitter, job));
            }
            return out;
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, jobs.size()))) {
            List<Future<FoldResult>> futures = new ArrayList<>();
            for (FoldContext job : jobs) {
                futures.add(pool.submit(() -> one(fitter, job)));
            }
            List<FoldResult> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.add(futures.get(i).get());
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

    private static FoldResult one(FoldFitter fitter, FoldContext job) {
        long t0 = System.nanoTime();
        FitHistory h = fitter.fit(job);
        long t1 = System.nanoTime();
        if (h == null || h.epochs() == 0) {
            throw new IllegalStateException("The fold fitter returned no epochs for fold " + job.fold()
                    + "; it must record at least one epoch of loss/val_loss");
        }
        return new FoldResult(job.fold(), job.train().length, job.validation().length, job.seed(), h, t1 - t0);
    }
}
