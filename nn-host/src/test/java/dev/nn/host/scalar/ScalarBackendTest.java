package dev.nn.host.scalar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Activation;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ScalarBackendTest {
    private final Backend b = Backends.select("scalar");
    private final SplittableRandom random = new SplittableRandom(42);

    private Tensor random(int... dims) {
        Shape s = Shape.of(dims);
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextDouble(-1, 1);
        }
        return b.tensor(s, v);
    }

    @Test
    void discoveredThroughServiceLoaderOnTheModulePath() {
        assertTrue(getClass().getModule().isNamed());
        assertEquals("scalar", b.name());
        assertEquals(ScalarBackend.class, b.getClass());
    }

    @ParameterizedTest
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void gemmMatchesTheTextbookTripleLoop(boolean transA, boolean transB) {
        for (int[] mnk : new int[][] {{1, 1, 1}, {3, 8, 13}, {13, 3, 8}, {17, 9, 5}}) {
            int m = mnk[0];
            int n = mnk[1];
            int k = mnk[2];
            Tensor a = transA ? random(k, m) : random(m, k);
            Tensor bm = transB ? random(n, k) : random(k, n);
            Tensor c = random(m, n);
            float[] c0 = c.toArray();
            float[] av = a.toArray();
            float[] bv = bm.toArray();
            b.gemm(c, transA, transB, m, n, k, 0.5f, a, bm, 2f);
            float[] got = c.toArray();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        double aip = transA ? av[p * m + i] : av[i * k + p];
                        double bpj = transB ? bv[j * k + p] : bv[p * n + j];
                        s += aip * bpj;
                    }
                    double expected = 0.5 * s + 2 * c0[i * n + j];
                    assertEquals(expected, got[i * n + j], 1e-5, "c[" + i + "," + j + "] m,n,k=" + m + "," + n + "," + k);
                }
            }
        }
    }

    @Test
    void gemmWithBetaZeroIgnoresGarbageInC() {
        Tensor c = b.tensor(Shape.of(1, 1), new float[] {Float.NaN});
        b.gemm(c, false, false, 1, 1, 1, 1f, b.tensor(Shape.of(1, 1), new float[] {2}),
                b.tensor(Shape.of(1, 1), new float[] {3}), 0f);
        assertEquals(6f, c.toArray()[0]);
    }

    @Test
    void elementwiseAndReductions() {
        Tensor x = b.tensor(Shape.of(4), new float[] {1, -2, 3, -4});
        Tensor y = b.tensor(Shape.of(4), new float[] {0.5f, 0.5f, 2, 2});
        Tensor out = b.zeros(Shape.of(4));
        b.add(out, x, y);
        assertArrayEquals(new float[] {1.5f, -1.5f, 5, -2}, out.toArray());
        b.mul(out, x, y);
        assertArrayEquals(new float[] {0.5f, -1, 6, -8}, out.toArray());
        b.axpy(out, 2f, x);
        assertArrayEquals(new float[] {2.5f, -5, 12, -16}, out.toArray());
        assertEquals(-2.0, b.sum(x));
        assertEquals(30.0, b.sumOfSquares(x));
        Tensor m = b.tensor(Shape.of(2, 2), new float[] {1, 2, 3, 4});
        Tensor col = b.zeros(Shape.of(2));
        b.sumRows(col, m, 2, 2);
        assertArrayEquals(new float[] {4, 6}, col.toArray());
        b.addRowVector(m, col, 2, 2);
        assertArrayEquals(new float[] {5, 8, 7, 10}, m.toArray());
    }

    @Test
    void activationValuesMatchTheirDefinitions() {
        Tensor x = b.tensor(Shape.of(5), new float[] {-3, -0.5f, 0, 0.5f, 3});
        Tensor y = b.zeros(Shape.of(5));
        b.activationForward(Activation.GELU, 0f, y, x);
        // GELU(x) = x * Phi(x); Phi from the standard normal table: Phi(0.5) = 0.6914624612740131, Phi(3) = 0.9986501019683699
        assertEquals(0.5 * 0.6914624612740131, y.toArray()[3], 1e-7);
        assertEquals(-0.5 * (1 - 0.6914624612740131), y.toArray()[1], 1e-7);
        assertEquals(3 * 0.9986501019683699, y.toArray()[4], 1e-6);
        b.activationForward(Activation.SELU, 0f, y, x);
        assertEquals(1.0507009873554805 * 1.6732632423543772 * Math.expm1(-0.5), y.toArray()[1], 1e-6);
        b.activationForward(Activation.LEAKY_RELU, 0.2f, y, x);
        assertArrayEquals(new float[] {-0.6f, -0.1f, 0, 0.5f, 3}, y.toArray(), 1e-7f);
    }

    @Test
    void activationGradientsMatchFiniteDifferences() {
        float[] xs = {-2.5f, -0.7f, -0.1f, 0.3f, 1.1f, 2.9f};
        for (Activation f : Activation.values()) {
            Tensor x = b.tensor(Shape.of(xs.length), xs);
            Tensor y = b.zeros(x.shape());
            b.activationForward(f, 0.1f, y, x);
            Tensor dy = b.tensor(x.shape(), new float[] {1, 1, 1, 1, 1, 1});
            Tensor dx = b.zeros(x.shape());
            b.activationBackward(f, 0.1f, dx, dy, x, y);
            for (int i = 0; i < xs.length; i++) {
                double h = 1e-3;
                double numeric = (eval(f, xs[i] + h) - eval(f, xs[i] - h)) / (2 * h);
                assertEquals(numeric, dx.toArray()[i], 2e-3, f + " at " + xs[i]);
            }
        }
    }

    private double eval(Activation f, double v) {
        Tensor x = b.tensor(Shape.of(1), new float[] {(float) v});
        Tensor y = b.zeros(x.shape());
        b.activationForward(f, 0.1f, y, x);
        return y.toArray()[0];
    }

    @Test
    void softmaxCrossEntropyWithLabelSmoothing() {
        Tensor logits = b.tensor(Shape.of(1, 3), new float[] {1, 2, 3});
        Tensor target = b.tensor(Shape.of(1), new float[] {0});
        Tensor loss = b.zeros(Shape.of(1));
        Tensor grad = b.zeros(Shape.of(1, 3));
        b.softmaxCrossEntropy(loss, grad, logits, target, 1, 3, 0.3f);
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        double[] q = {0.7 + 0.1, 0.1, 0.1};
        double expected = -(q[0] * (1 - lse) + q[1] * (2 - lse) + q[2] * (3 - lse));
        assertEquals(expected, loss.toArray()[0], 1e-6);
        assertEquals(Math.exp(3 - lse) - 0.1, grad.toArray()[2], 1e-6);
    }

    @Test
    void sgdAndAdamFollowPyTorchsUpdateRules() {
        Tensor p = b.tensor(Shape.of(1), new float[] {1f});
        Tensor g = b.tensor(Shape.of(1), new float[] {0.5f});
        Tensor buf = b.zeros(Shape.of(1));
        b.sgdStep(p, buf, g, 0.1f, 0.9f, 0f, 0.01f, false, true);   // d = 0.5 + 0.01 = 0.51, buf = d
        assertEquals(1f - 0.1f * 0.51f, p.toArray()[0], 1e-7);
        b.sgdStep(p, buf, g, 0.1f, 0.9f, 0f, 0f, false, false);     // buf = 0.9*0.51 + 0.5
        assertEquals(1f - 0.1f * 0.51f - 0.1f * (0.9f * 0.51f + 0.5f), p.toArray()[0], 1e-6);

        Tensor q = b.tensor(Shape.of(1), new float[] {1f});
        Tensor m = b.zeros(Shape.of(1));
        Tensor v = b.zeros(Shape.of(1));
        b.adamStep(q, m, v, g, 0.01f, 0.9f, 0.999f, 1e-8f, 0f, false, 1);
        // First Adam step moves by lr * sign(g) (bias-corrected m/sqrt(v) = g/|g|).
        assertEquals(1f - 0.01f, q.toArray()[0], 1e-6);
    }

    @Test
    void wrongSizesAreRejectedBeforeTouchingMemory() {
        var e = assertThrows(ShapeException.class, () -> b.add(b.zeros(Shape.of(3)), b.zeros(Shape.of(3)),
                b.zeros(Shape.of(4))));
        assertTrue(e.getMessage().contains("same number of values"), e.getMessage());
        assertThrows(ShapeException.class, () -> b.tensor(Shape.of(2, 2), new float[3]));
    }

    @Test
    void erfMatchesTabulatedValues() {
        // Abramowitz & Stegun table 7.1
        assertEquals(0.5204998778130465, ScalarMath.erf(0.5), 1e-14);
        assertEquals(0.9953222650189527, ScalarMath.erf(2.0), 1e-14);
        assertEquals(-0.8427007929497149, ScalarMath.erf(-1.0), 1e-14);
        assertEquals(1.0, ScalarMath.erf(5.0));
    }
}
