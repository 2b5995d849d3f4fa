package dev.nn.cpu.simd;

import dev.nn.api.backend.Activation;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.backend.Backends;
import dev.nn.api.backend.Conv2dGeometry;
import dev.nn.api.backend.Pool2dGeometry;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.Locale;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Timing loop (not a unit test; run with {@code tools/bench-simd.sh}): achieved GFLOP/s of GEMM 256x784x256 (all
 * four transposes) and of the Fashion-MNIST conv2 layer (N=64, 32 to 64 channels, 14x14, 3x3, padding 1) forward
 * plus backward, for scalar and cpu-simd measured in the same run, with the speed-up and the fraction of this
 * machine's measured FMA peak; then BatchNorm2d on conv2's output in GB/s against the copy bandwidth measured in
 * the same run. Arguments: {@code [seconds per measurement, default 1] [gemm|conv|bn]}.
 */
public final class SimdBenchmark {
    private static final SplittableRandom RANDOM = new SplittableRandom(1);

    private SimdBenchmark() {
    }

    /**
     * @param args optional seconds per measurement
     */
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        String only = args.length > 1 ? args[1] : "";       // "gemm", "conv" or "bn": run one group
        Backend scalar = Backends.select("scalar");
        Backend simd1 = Backends.select("cpu-simd", new BackendConfig(1));
        Backend simd = Backends.select("cpu-simd", BackendConfig.defaults());
        int threads = ((SimdBackend) simd).threads();
        double peak1 = fmaPeak(seconds);
        System.out.printf(Locale.ROOT, "vector species %s; measured FMA peak %.1f GFLOP/s per core, x%d threads "
                + "= %.1f%n", SimdSpecies.FLOAT, peak1, threads, peak1 * threads);
        System.out.printf(Locale.ROOT, "%-34s %9s %9s %9s %8s %8s %7s%n", "kernel", "scalar", "simd x1",
                "simd x" + threads, "x1/scal", "xN/scal", "xN/peak");
        for (boolean ta : only.isEmpty() || only.equals("gemm") ? new boolean[] {false, true} : new boolean[0]) {
            for (boolean tb : new boolean[] {false, true}) {
                int m = 256;
                int n = 784;
                int k = 256;
                String name = "gemm 256x784x256 " + (ta ? "T" : "N") + (tb ? "T" : "N");
                double flops = 2.0 * m * n * k;
                report(name, flops, peak1 * threads, seconds,
                        gemm(scalar, ta, tb, m, n, k), gemm(simd1, ta, tb, m, n, k), gemm(simd, ta, tb, m, n, k));
            }
        }
        if (!only.isEmpty() && !only.equals("conv")) {
            memoryBound(seconds, threads, only);
            return;
        }
        // the GEMM inside conv2 for one sample: W (64, 288) x col (288, 196)
        report("gemm 64x196x288 NN (conv2 sample)", 2.0 * 64 * 196 * 288, peak1 * threads, seconds,
                gemm(scalar, false, false, 64, 196, 288), gemm(simd1, false, false, 64, 196, 288),
                gemm(simd, false, false, 64, 196, 288));
        var g = new Conv2dGeometry(64, 32, 14, 14, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        double convFlops = 2.0 * g.n() * g.outChannels() * g.outH() * g.outW() * g.inChannels() * 9;
        report("conv2 64x32->64 14x14 3x3 fwd", convFlops, peak1 * threads, seconds,
                conv(scalar, g, false), conv(simd1, g, false), conv(simd, g, false));
        report("conv2 fwd+bwd (dx, dW, db)", 3 * convFlops, peak1 * threads, seconds,
                conv(scalar, g, true), conv(simd1, g, true), conv(simd, g, true));
        memoryBound(seconds, threads, only);
    }

    private static void memoryBound(double seconds, int threads, String only) {
        if (!only.isEmpty() && !only.equals("bn")) {
            return;
        }
        Backend scalar = Backends.select("scalar");
        Backend simd1 = Backends.select("cpu-simd", new BackendConfig(1));
        Backend simd = Backends.select("cpu-simd", BackendConfig.defaults());
        // memory-bound: BatchNorm2d on conv2's output, against the copy bandwidth measured now
        double copy = copyBandwidth(seconds);
        System.out.printf(Locale.ROOT, "%nmemory-bound, GB/s (copy bandwidth now: %.1f GB/s, read + write, 64 MiB)%n",
                copy);
        System.out.printf(Locale.ROOT, "%-34s %9s %9s %9s %8s %8s %7s%n", "kernel", "scalar", "simd x1",
                "simd x" + threads, "x1/scal", "xN/scal", "xN/copy");
        int n = 64;
        int c = 64;
        int inner = 14 * 14;
        double elements = (double) n * c * inner;
        // statistics: two reads of x; normalize: read x, write y -> 16 B per element
        report("batchnorm2d train fwd 64x64x14x14", elements * 16, copy, seconds,
                batchNorm(scalar, n, c, inner, false), batchNorm(simd1, n, c, inner, false),
                batchNorm(simd, n, c, inner, false));
        // sums: read dy, x; dx: read dy, x, dx, write dx -> 24 B per element
        report("batchnorm2d backward", elements * 24, copy, seconds,
                batchNorm(scalar, n, c, inner, true), batchNorm(simd1, n, c, inner, true),
                batchNorm(simd, n, c, inner, true));
        // conv1's output: 64x32x28x28; ReLU reads and writes 8 B per element, 2x2 max pooling reads 4 and writes 1
        double conv1 = 64.0 * 32 * 28 * 28;
        report("relu 64x32x28x28", conv1 * 8, copy, seconds, relu(scalar, 64, 32, 28, 28),
                relu(simd1, 64, 32, 28, 28), relu(simd, 64, 32, 28, 28));
        var pool = new Pool2dGeometry(64, 32, 28, 28, 2, 2, 2, 2, 0, 0);
        report("maxpool2d 2x2/2 64x32x28x28", conv1 * 5, copy, seconds, maxPool(scalar, pool, false),
                maxPool(simd1, pool, false), maxPool(simd, pool, false));
        // backward reads x (4 B) and dy (1 B per input element), updates dx (8 B)
        report("maxpool2d backward", conv1 * 13, copy, seconds, maxPool(scalar, pool, true),
                maxPool(simd1, pool, true), maxPool(simd, pool, true));
    }

    private static Runnable relu(Backend b, int... dims) {
        Tensor x = random(b, dims);
        Tensor y = b.zeros(x.shape());
        return () -> b.activationForward(Activation.RELU, 0f, y, x);
    }

    private static Runnable maxPool(Backend b, Pool2dGeometry g, boolean backward) {
        Tensor x = random(b, g.n(), g.channels(), g.inH(), g.inW());
        Tensor y = b.zeros(Shape.of(g.n(), g.channels(), g.outH(), g.outW()));
        Tensor dx = b.zeros(x.shape());
        return backward ? () -> b.maxPool2dBackward(g, dx, y, x) : () -> b.maxPool2dForward(g, y, x);
    }

    private static Runnable batchNorm(Backend b, int n, int c, int inner, boolean backward) {
        Tensor x = random(b, n, c, inner);
        Tensor y = b.zeros(x.shape());
        Tensor dy = random(b, n, c, inner);
        Tensor dx = b.zeros(x.shape());
        Tensor w = random(b, c);
        Tensor bias = random(b, c);
        Tensor mean = b.zeros(Shape.of(c));
        Tensor var = b.zeros(Shape.of(c));
        Tensor invstd = b.zeros(Shape.of(c));
        Tensor dw = b.zeros(Shape.of(c));
        Tensor db = b.zeros(Shape.of(c));
        b.norm().channelStatistics(mean, var, invstd, x, n, c, inner, 1e-5f);
        if (backward) {
            return () -> b.norm().channelNormBackward(dx, dw, db, dy, x, mean, invstd, w, n, c, inner, true);
        }
        return () -> {
            b.norm().channelStatistics(mean, var, invstd, x, n, c, inner, 1e-5f);
            b.norm().channelNormForward(y, x, mean, invstd, w, bias, n, c, inner);
        };
    }

    /** @return GB/s of System.arraycopy over 64 MiB, counting the read and the write */
    private static double copyBandwidth(double seconds) {
        float[] src = new float[16 << 20];
        float[] dst = new float[src.length];
        double t = time(() -> System.arraycopy(src, 0, dst, 0, src.length), seconds);
        return 2.0 * 4 * src.length / t / 1e9;
    }

    /** One row: rates (work / best time / 1e9) of the three backends, speed-ups and the share of the limit. */
    private static void report(String name, double flops, double peak, double seconds, Runnable scalar,
                               Runnable simd1, Runnable simdN) {
        double s = flops / time(scalar, seconds) / 1e9;
        double v1 = flops / time(simd1, seconds) / 1e9;
        double vn = flops / time(simdN, seconds) / 1e9;
        System.out.printf(Locale.ROOT, "%-34s %9.2f %9.2f %9.2f %7.1fx %7.1fx %6.0f%%%n", name, s, v1, vn, v1 / s,
                vn / s, 100 * vn / peak);
    }

    /** @return the best seconds per run after a warm-up, over about {@code seconds} of runs */
    private static double time(Runnable r, double seconds) {
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        do {
            r.run();                                         // warm-up: let C2 compile the kernels
        } while (System.nanoTime() - start < budget / 2);
        double best = Double.MAX_VALUE;
        start = System.nanoTime();
        int runs = 0;
        do {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            runs++;
        } while (System.nanoTime() - start < budget || runs < 3);
        return best;
    }

    private static Tensor random(Backend b, int... dims) {
        float[] v = new float[Shape.of(dims).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) RANDOM.nextDouble(-1, 1);
        }
        return b.tensor(Shape.of(dims), v);
    }

    private static Runnable gemm(Backend b, boolean ta, boolean tb, int m, int n, int k) {
        Tensor a = ta ? random(b, k, m) : random(b, m, k);
        Tensor bm = tb ? random(b, n, k) : random(b, k, n);
        Tensor c = b.zeros(Shape.of(m, n));
        return () -> b.gemm(c, ta, tb, m, n, k, 1f, a, bm, 0f);
    }

    private static Runnable conv(Backend b, Conv2dGeometry g, boolean backward) {
        Tensor x = random(b, g.n(), g.inChannels(), g.inH(), g.inW());
        Tensor w = random(b, g.outChannels(), g.inChannels(), g.kernelH(), g.kernelW());
        Tensor bias = random(b, g.outChannels());
        Tensor y = b.zeros(Shape.of(g.n(), g.outChannels(), g.outH(), g.outW()));
        Tensor dy = random(b, g.n(), g.outChannels(), g.outH(), g.outW());
        Tensor dx = b.zeros(x.shape());
        Tensor dw = b.zeros(w.shape());
        Tensor db = b.zeros(bias.shape());
        return () -> {
            b.conv2dForward(g, y, x, w, bias);
            if (backward) {
                b.conv2dBackward(g, dx, dw, db, dy, x, w);
            }
        };
    }

    /**
     * One core's FMA throughput: 12 independent accumulator chains (enough to cover the FMA latency on two ports),
     * nothing but fma in the loop. The loop is its own method so that C2 compiles it whole (not on-stack).
     */
    private static double fmaPeak(double seconds) {
        double best = 0;
        float sink = 0;
        for (int warm = 0; warm < 20_000; warm++) {
            sink += fmaLoop(100, 0.999999f, 1e-7f);          // compile the loop before timing it
        }
        int iterations = 1_000_000;
        long start = System.nanoTime();
        while (System.nanoTime() - start < (long) (seconds * 1e9)) {
            long t0 = System.nanoTime();
            sink += fmaLoop(iterations, 0.999999f, 1e-7f);
            double t = (System.nanoTime() - t0) / 1e9;
            best = Math.max(best, iterations * 12.0 * SimdSpecies.FLOAT.length() * 2 / t / 1e9);
        }
        if (sink == 42f) {
            System.out.println();                            // keeps the loop's result alive
        }
        return best;
    }

    private static float fmaLoop(int iterations, float a, float b) {
        VectorSpecies<Float> f = SimdSpecies.FLOAT;
        FloatVector x = FloatVector.broadcast(f, a);
        FloatVector y = FloatVector.broadcast(f, b);
        FloatVector c0 = FloatVector.broadcast(f, 1f);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        FloatVector c4 = c0;
        FloatVector c5 = c0;
        FloatVector c6 = c0;
        FloatVector c7 = c0;
        FloatVector c8 = c0;
        FloatVector c9 = c0;
        FloatVector c10 = c0;
        FloatVector c11 = c0;
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
