package dev.nn.cpu.simd;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * Runs independent tasks {@code 0..count-1} on a fixed pool. Callers make each task own a disjoint part of the
 * output and fix the task split independently of the thread count, so results never depend on it.
 */
final class Parallel {
    private final int threads;
    private final ForkJoinPool pool;

    /** @param threads worker threads; 0 = one per available processor */
    Parallel(int threads) {
        this.threads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.pool = this.threads == 1 ? null : new ForkJoinPool(this.threads, Parallel::newWorker, null, false);
    }

    private static ForkJoinWorkerThread newWorker(ForkJoinPool pool) {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("nn-cpu-simd-" + t.getPoolIndex());
        t.setDaemon(true);   // a backend left open must not keep the JVM alive
        return t;
    }

    /** Stops the workers (the backend's close). */
    void shutdown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** @return the number of threads tasks run on */
    int threads() {
        return threads;
    }

    /**
     * Runs {@code task.accept(i)} for every i in {@code [0, count)}, in parallel when there is more than one
     * thread, and returns when all are done.
     */
    void forEach(int count, IntConsumer task) {
        if (pool == null || count <= 1) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
        } else {
            pool.invoke(new Range(task, 0, count));
        }
    }

    /** Splits a range of task indices in halves until one is left. */
    private static final class Range extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient IntConsumer task;
        private final int from;
        private final int to;

        Range(IntConsumer task, int from, int to) {
            this.task = task;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                task.accept(from);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Range(task, from, mid), new Range(task, mid, to));
        }
    }
}
