package dev.nn.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.backend.Backends;
import dev.nn.api.backend.Conv2dGeometry;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GEMM, convolution and BatchNorm give bit-identical results for 1, 2 and 3 threads. */
class DeterminismTest {
    private final Backend one = Backends.select(SimdBackendProvider.NAME, new BackendConfig(1));
    private final Backend two = Backends.select(SimdBackendProvider.NAME, new BackendConfig(2));
    private final Backend three = Backends.select(SimdBackendProvider.NAME, new BackendConfig(3));
    private final SplittableRandom random = new SplittableRandom(7);

    private float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble(-1, 1);
        }
        return v;
    }

    private static Tensor on(Backend b, float[] v, int... dims) {
        return b.tensor(Shape.of(dims), v);
    }

    @ParameterizedTest
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void gemmDoesNotDependOnThreads(boolean transA, boolean transB) {
        // large enough to be split: columns for the wide case, rows for the tall one
        for (int[] s : new int[][] {{64, 784, 256}, {1000, 10, 500}, {129, 65, 1033}}) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] a = values(m * k);
            float[] b = values(k * n);
            float[] c = values(m * n);
            float[][] results = new float[3][];
            Backend[] backends = {one, two, three};
            for (int t = 0; t < 3; t++) {
                Backend be = backends[t];
                Tensor ct = on(be, c, m, n);
                be.gemm(ct, transA, transB, m, n, k, 0.75f, on(be, a, m, k), on(be, b, k, n), 0.5f);
                results[t] = ct.toArray();
            }
            assertArrayEquals(results[0], results[1], "threads 1 vs 2, " + m + "x" + n + "x" + k);
            assertArrayEquals(results[0], results[2], "threads 1 vs 3, " + m + "x" + n + "x" + k);
        }
    }

    @Test
    void batchNormDoesNotDependOnThreads() {
        int n = 16;
        int c = 8;
        int inner = 14 * 14;                            // large enough to be split over channels
        float[] x = values(n * c * inner);
        float[] dy = values(n * c * inner);
        float[] w = values(c);
        Backend[] backends = {one, two, three};
        float[][][] results = new float[3][][];
        for (int t = 0; t < 3; t++) {
            Backend be = backends[t];
            Tensor xt = on(be, x, n, c, inner);
            Tensor mean = be.zeros(Shape.of(c));
            Tensor invstd = be.zeros(Shape.of(c));
            Tensor y = be.zeros(xt.shape());
            Tensor dx = be.zeros(xt.shape());
            Tensor dw = be.zeros(Shape.of(c));
            be.norm().channelStatistics(mean, null, invstd, xt, n, c, inner, 1e-5f);
            be.norm().channelNormForward(y, xt, mean, invstd, on(be, w, c), null, n, c, inner);
            be.norm().channelNormBackward(dx, dw, null, on(be, dy, n, c, inner), xt, mean, invstd, on(be, w, c), n,
                    c, inner, true);
            results[t] = new float[][] {mean.toArray(), invstd.toArray(), y.toArray(), dx.toArray(), dw.toArray()};
        }
        for (int t = 1; t < 3; t++) {
            for (int r = 0; r < results[0].length; r++) {
                assertArrayEquals(results[0][r], results[t][r], "output " + r + ": threads 1 vs " + (t + 1));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"13,8,10,10,16", "1,8,12,12,16", "3,16,14,14,32"})
    void convolutionDoesNotDependOnThreads(int n, int inC, int h, int w, int outC) {
        var g = new Conv2dGeometry(n, inC, h, w, outC, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        float[] x = values(n * inC * h * w);
        float[] wt = values(outC * inC * 9);
        float[] bias = values(outC);
        float[] dy = values(n * outC * h * w);
        Backend[] backends = {one, two, three};
        float[][][] results = new float[3][][];
        for (int t = 0; t < 3; t++) {
            Backend be = backends[t];
            Tensor y = be.zeros(Shape.of(n, outC, h, w));
            Tensor xt = on(be, x, n, inC, h, w);
            Tensor wtt = on(be, wt, outC, inC, 3, 3);
            be.conv2dForward(g, y, xt, wtt, on(be, bias, outC));
            Tensor dx = be.zeros(xt.shape());
            Tensor dw = be.zeros(wtt.shape());
            Tensor db = be.zeros(Shape.of(outC));
            be.conv2dBackward(g, dx, dw, db, on(be, dy, n, outC, h, w), xt, wtt);
            results[t] = new float[][] {y.toArray(), dx.toArray(), dw.toArray(), db.toArray()};
        }
        String[] names = {"y", "dx", "dw", "db"};
        for (int t = 1; t < 3; t++) {
            for (int r = 0; r < 4; r++) {
                assertArrayEquals(results[0][r], results[t][r], names[r] + ": threads 1 vs " + (t + 1));
            }
        }
    }
}
