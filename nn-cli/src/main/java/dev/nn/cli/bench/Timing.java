package dev.nn.cli.bench;

import java.util.Arrays;

/**
 * Wall-clock times of repeated runs of one piece of work: warmed up first (the JIT compiles the kernels), then run
 * until a time budget is spent, at least {@value #MIN_REPS} times.
 *
 * @param medianMs median time of one run
 * @param minMs fastest run
 * @param maxMs slowest run
 * @param reps runs measured
 */
record Timing(double medianMs, double minMs, double maxMs, int reps) {
    static final int MIN_REPS = 5;
    private static final int MAX_REPS = 1000;

    /**
     * @param work the piece of work
     * @param seconds time budget for the measured runs (about as much again goes into warming up)
     * @return its times
     */
    static Timing of(Runnable work, double seconds) {
        long budget = (long) (seconds * 1e9);
        long warmStart = System.nanoTime();
        for (int i = 0; i < 3 || System.nanoTime() - warmStart < budget / 2 && i < MAX_REPS; i++) {
            work.run();
        }
        double[] ms = new double[MAX_REPS];
        int reps = 0;
        long start = System.nanoTime();
        while (reps < MIN_REPS || System.nanoTime() - start < budget && reps < MAX_REPS) {
            long t0 = System.nanoTime();
            work.run();
            ms[reps++] = (System.nanoTime() - t0) / 1e6;
        }
        double[] sorted = Arrays.copyOf(ms, reps);
        Arrays.sort(sorted);
        double median = reps % 2 == 1 ? sorted[reps / 2] : (sorted[reps / 2 - 1] + sorted[reps / 2]) / 2;
        return new Timing(median, sorted[0], sorted[reps - 1], reps);
    }
}
