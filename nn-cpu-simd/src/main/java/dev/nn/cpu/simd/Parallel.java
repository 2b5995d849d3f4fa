package dev.nn.cpu.simd;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs independent tasks {@code 0..count-1} on a fixed set of threads. Callers make each task own a disjoint part of
 * the output and fix the task split independently of the thread count, so results never depend on it.
 *
 * <p>A training step is dozens of kernels of tens of microseconds each, so handing work over must cost far less
 * than that. A fork-join pool parks its idle workers and parks the caller until they finish: a wake-up per kernel
 * per thread costs more than the kernels of a small model gain from the second core. Here, as in OpenMP runtimes,
 * the calling thread takes tasks too, and idle workers spin for {@link #SPIN_NANOS} (longer than the gap between
 * two kernels of a step) before they park. Tasks are claimed from a shared counter; which thread runs a task does
 * not change what it computes.
 */
final class Parallel {
    /** How long an idle worker waits for the next job before parking: a step's kernels follow each other closer. */
    static final long SPIN_NANOS = 200_000;

    private final int threads;
    private final Worker[] workers;
    /** Taken by the caller of a parallel job; a call made while it is held (nested, or another thread) runs inline. */
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Job current;
    private volatile boolean stopped;

    /** @param threads worker threads; 0 = one per available processor */
    Parallel(int threads) {
        this.threads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.workers = new Worker[this.threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker();
            Thread t = Thread.ofPlatform().name("nn-cpu-simd-" + (i + 1))
                    .daemon(true)   // a backend left open must not keep the JVM alive
                    .unstarted(workers[i]);
            workers[i].thread = t;
            t.start();
        }
    }

    /** Stops the workers (the backend's close). */
    void shutdown() {
        stopped = true;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
    }

    /** @return the number of threads tasks run on */
    int threads() {
        return threads;
    }

    /**
     * Runs {@code task.accept(i)} for every i in {@code [0, count)}, in parallel when there is more than one
     * thread, and returns when all are done; the first exception a task throws is rethrown here.
     */
    void forEach(int count, IntConsumer task) {
        if (workers.length == 0 || count <= 1 || stopped || !busy.compareAndSet(false, true)) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        try {
            Job job = new Job(task, count);
            current = job;
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w.thread);
                }
            }
            job.run();
            while (job.done.get() < count) {
                Thread.onSpinWait();
            }
            current = null;
            Throwable failure = job.failure;
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        } finally {
            busy.set(false);
        }
    }

    /** One call's tasks: claimed one at a time by whichever thread comes first. */
    private static final class Job {
        final IntConsumer task;
        final int count;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(IntConsumer task, int count) {
            this.task = task;
            this.count = count;
        }

        void run() {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                try {
                    task.accept(i);
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    /** Takes tasks of each new job; spins a while between jobs, then parks until the next one. */
    private final class Worker implements Runnable {
        Thread thread;
        volatile boolean parked;

        @Override
        public void run() {
            Job last = null;
            while (!stopped) {
                Job job = awaitJob(last);
                if (job != null) {
                    job.run();
                    last = job;
                }
            }
        }

        /** @return a job other than last, or null once stopped or woken without one */
        private Job awaitJob(Job last) {
            long start = System.nanoTime();
            while (System.nanoTime() - start < SPIN_NANOS) {
                Job job = current;
                if (job != null && job != last) {
                    return job;
                }
                Thread.onSpinWait();
            }
            parked = true;
            Job job = current;   // the caller sets current before reading parked: one of us sees the other
            if (job == null || job == last) {
                if (!stopped) {
                    LockSupport.park(this);
                }
                job = current;
            }
            parked = false;
            return job != null && job != last ? job : null;
        }
    }
}
