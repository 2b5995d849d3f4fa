package dev.nn.cli.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * What this machine can do at most, measured in the same run as the kernels: memory bandwidth for three access
 * patterns (over arrays far larger than any cache, split over the benchmark's threads) and one core's float32 FMA
 * peak (independent vector FMAs that never wait on each other).
 *
 * @param threads threads the bandwidth was measured with
 * @param readGBs read-only bandwidth, GB/s
 * @param readWriteGBs one read and one write stream ({@code b = s * a}), bytes of both counted, GB/s
 * @param twoReadsOneWriteGBs two read streams and one write ({@code c = a + b}), GB/s
 * @param fmaPeakGflops one core's float32 FMA peak, GFLOP/s (an FMA counts as two operations)
 * @param vectorBits the vector width the peak was measured with
 */
record MachineLimits(int threads, double readGBs, double readWriteGBs, double twoReadsOneWriteGBs,
                     double fmaPeakGflops, int vectorBits) {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** 128 MiB per array: far beyond the last-level cache of the machines nn runs on. */
    private static final int STREAM = 32 << 20;

    /**
     * @param threads threads to measure bandwidth with
     * @param seconds time budget per measurement
     * @return the limits
     */
    static MachineLimits measure(int threads, double seconds) {
        float[] a = new float[STREAM];
        float[] b = new float[STREAM];
        float[] c = new float[STREAM];
        for (int i = 0; i < STREAM; i++) {
            a[i] = i & 1023;
            b[i] = 1f;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "nn-bench-bandwidth");
            t.setDaemon(true);
            return t;
        });
        try {
            double bytes = 4.0 * STREAM;
            float[] sink = new float[threads];
            // compile the stream loops on short calls first: a few long calls would be timed half interpreted
            for (int warm = 0; warm < 20_000; warm++) {
                sink[0] += sum(a, 0, STREAM / 4096);
                scale(a, b, 0, STREAM / 4096);
                add(a, b, c, 0, STREAM / 4096);
            }
            double read = bytes / seconds(pool, threads, part -> sink[part] += sum(a, part, threads), seconds);
            double readWrite = 2 * bytes / seconds(pool, threads, part -> scale(a, b, part, threads), seconds);
            double triad = 3 * bytes / seconds(pool, threads, part -> add(a, b, c, part, threads), seconds);
            double peak = fmaPeak(seconds);
            return new MachineLimits(threads, read / 1e9, readWrite / 1e9, triad / 1e9, peak, F.vectorBitSize());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Seconds of the fastest run of every part at once on the pool: a limit is what the machine can do at best. */
    private static double seconds(ExecutorService pool, int parts, IntConsumer part, double budget) {
        Runnable all = () -> {
            Future<?>[] running = new Future<?>[parts];
            for (int p = 0; p < parts; p++) {
                int index = p;
                running[p] = pool.submit(() -> part.accept(index));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (Exception e) {
                    throw new IllegalStateException("bandwidth measurement failed", e);
                }
            }
        };
        return Timing.of(all, budget).minMs() / 1e3;
    }

    private static int from(int part, int parts) {
        return (int) ((long) STREAM * part / parts) / F.length() * F.length();
    }

    private static float sum(float[] a, int part, int parts) {
        int end = part == parts - 1 ? STREAM : from(part + 1, parts);
        var s0 = FloatVector.zero(F);
        var s1 = FloatVector.zero(F);
        var s2 = FloatVector.zero(F);
        var s3 = FloatVector.zero(F);
        int step = 4 * F.length();
        int i = from(part, parts);
        for (; i + step <= end; i += step) {
            s0 = s0.add(FloatVector.fromArray(F, a, i));
            s1 = s1.add(FloatVector.fromArray(F, a, i + F.length()));
            s2 = s2.add(FloatVector.fromArray(F, a, i + 2 * F.length()));
            s3 = s3.add(FloatVector.fromArray(F, a, i + 3 * F.length()));
        }
        float s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < end; i++) {
            s += a[i];
        }
        return s;
    }

    private static void scale(float[] a, float[] b, int part, int parts) {
        int end = part == parts - 1 ? STREAM : from(part + 1, parts);
        for (int i = from(part, parts); i < end; i++) {
            b[i] = 0.5f * a[i];
        }
    }

    private static void add(float[] a, float[] b, float[] c, int part, int parts) {
        int end = part == parts - 1 ? STREAM : from(part + 1, parts);
        for (int i = from(part, parts); i < end; i++) {
            c[i] = a[i] + b[i];
        }
    }

    /**
     * Twelve independent accumulators hide the FMA latency, so the loop runs at the FMA units' throughput. The loop
     * is a plain static method, compiled on short calls first, so that the timed calls run the vectorized code.
     */
    private static double fmaPeak(double seconds) {
        float sink = 0;
        for (int warm = 0; warm < 20_000; warm++) {
            sink += fmaLoop(100, 0.999999f, 1e-7f);
        }
        int iterations = 1 << 20;
        float[] keep = {sink};
        double ms = Timing.of(() -> keep[0] += fmaLoop(iterations, 0.999999f, 1e-7f), seconds).minMs();
        return 2.0 * 12 * F.length() * iterations / (ms / 1e3) / 1e9;
    }

    private static float fmaLoop(int iterations, float a, float b) {
        var x = FloatVector.broadcast(F, a);
        var y = FloatVector.broadcast(F, b);
        var c0 = FloatVector.broadcast(F, 1f);
        var c1 = c0;
        var c2 = c0;
        var c3 = c0;
        var c4 = c0;
        var c5 = c0;
        var c6 = c0;
        var c7 = c0;
        var c8 = c0;
        var c9 = c0;
        var c10 = c0;
        var c11 = c0;
        for (int i = 0; i < iterations; i++) {
            c0 = c0.fma(x, y);
            c1 = c1.fma(x, y);
            c2 = c2.fma(x, y);
            c3 = c3.fma(x, y);
            c4 = c4.fma(x, y);
            c5 = c5.fma(x, y);
            c6 = c6.fma(x, y);
            c7 = c7.fma(x, y);
            c8 = c8.fma(x, y);
            c9 = c9.fma(x, y);
            c10 = c10.fma(x, y);
            c11 = c11.fma(x, y);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }
}
