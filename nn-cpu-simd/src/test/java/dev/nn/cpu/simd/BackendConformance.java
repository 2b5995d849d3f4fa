package dev.nn.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Activation;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.backend.Conv2dGeometry;
import dev.nn.api.backend.NoiseKey;
import dev.nn.api.backend.Pool2dGeometry;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance suite of a backend against the scalar reference: every kernel, sizes 1, 3, 8, 13, 127 and 1000
 * (vector bodies, scalar tails and both together), odd GEMM shapes and all transposes. Subclasses name the backend
 * under test. Kernels that do the reference's float operations in its order are compared exactly; sums, GEMM and
 * convolution (whose summation order differs) with a relative tolerance.
 */
abstract class BackendConformance {
    static final int[] SIZES = {1, 3, 8, 13, 127, 1000};

    final Backend ref = Backends.select("scalar");
    final SplittableRandom random = new SplittableRandom(20261127);

    /** @return the backend under test */
    abstract Backend backend();

    float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble(-2, 2);
        }
        return v;
    }

    /** The same values as a tensor of each backend. */
    record Pair(Tensor ref, Tensor got) {
    }

    Pair pair(float[] values, int... dims) {
        return new Pair(ref.tensor(Shape.of(dims), values), backend().tensor(Shape.of(dims), values));
    }

    Pair pair(int... dims) {
        return pair(values(Shape.of(dims).size()), dims);
    }

    static void assertSame(Pair p, String what) {
        assertArrayEquals(p.ref().toArray(), p.got().toArray(), what);
    }

    /** |got - want| <= rtol (|want| + scale) elementwise; scale is the typical magnitude of the terms summed. */
    static void assertClose(float[] want, float[] got, double rtol, double scale, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            double tol = rtol * (Math.abs(want[i]) + scale);
            assertTrue(Math.abs(want[i] - got[i]) <= tol, what + ": element " + i + " want " + want[i] + " got "
                    + got[i] + " (tolerance " + tol + ")");
        }
    }

    @Test
    void createsTensorsItOwns() {
        Tensor t = backend().zeros(Shape.of(2, 3));
        assertEquals(backend(), t.backend());
        assertArrayEquals(new float[6], t.toArray());
        backend().fill(t, 1.5f);
        assertArrayEquals(new float[] {1.5f, 1.5f, 1.5f, 1.5f, 1.5f, 1.5f}, t.toArray());
        Tensor u = backend().tensor(Shape.of(6), new float[] {1, 2, 3, 4, 5, 6});
        backend().copy(t, u);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.toArray());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 13, 127, 1000})
    void elementwiseKernelsEqualTheReference(int n) {
        float[] av = values(n);
        float[] bv = values(n);
        Pair a = pair(av, n);
        Pair b = pair(bv, n);
        Pair out = pair(n);
        ref.add(out.ref(), a.ref(), b.ref());
        backend().add(out.got(), a.got(), b.got());
        assertSame(out, "add");
        ref.mul(out.ref(), a.ref(), b.ref());
        backend().mul(out.got(), a.got(), b.got());
        assertSame(out, "mul");
        ref.scale(out.ref(), a.ref(), -0.37f);
        backend().scale(out.got(), a.got(), -0.37f);
        assertSame(out, "scale");
        ref.axpy(out.ref(), 1.7f, b.ref());
        backend().axpy(out.got(), 1.7f, b.got());
        assertSame(out, "axpy");
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationsMatchTheReferenceAtEverySize(Activation f) {
        for (int n : SIZES) {
            float[] xv = values(n);
            if (n >= 8) {                                // the edge cases the twin defines: NaN, signed zero, inf
                xv[0] = Float.NaN;
                xv[1] = -0f;
                xv[2] = 0f;
                xv[3] = Float.NEGATIVE_INFINITY;
                xv[4] = Float.POSITIVE_INFINITY;
            }
            float param = f == Activation.LEAKY_RELU ? 0.2f : 0f;
            Pair x = pair(xv, n);
            Pair y = pair(n);
            ref.activationForward(f, param, y.ref(), x.ref());
            backend().activationForward(f, param, y.got(), x.got());
            assertSame(y, f + " forward, n=" + n);
            Pair dy = pair(n);
            Pair dx = pair(n);                           // accumulated into: start from non-zero values
            ref.activationBackward(f, param, dx.ref(), dy.ref(), x.ref(), y.ref());
            backend().activationBackward(f, param, dx.got(), dy.got(), x.got(), y.got());
            assertSame(dx, f + " backward, n=" + n);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 13, 127, 1000})
    void reductionsMatchTheReference(int n) {
        Pair x = pair(n);
        assertEquals(ref.sum(x.ref()), backend().sum(x.got()), 1e-12 * n, "sum");
        assertEquals(ref.sumOfSquares(x.ref()), backend().sumOfSquares(x.got()), 1e-12 * n, "sumOfSquares");
    }

    @ParameterizedTest
    @CsvSource({"1,1", "3,13", "8,8", "13,127", "127,3", "4,1000", "1000,17"})
    void rowKernelsMatchTheReference(int rows, int cols) {
        Pair x = pair(rows, cols);
        Pair v = pair(cols);
        ref.addRowVector(x.ref(), v.ref(), rows, cols);
        backend().addRowVector(x.got(), v.got(), rows, cols);
        assertSame(x, "addRowVector");
        Pair out = pair(cols);
        ref.sumRows(out.ref(), x.ref(), rows, cols);
        backend().sumRows(out.got(), x.got(), rows, cols);
        assertClose(out.ref().toArray(), out.got().toArray(), 1e-6, 1, "sumRows");
    }

    @ParameterizedTest
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void gemmMatchesTheReferenceForOddShapes(boolean transA, boolean transB) {
        int[][] shapes = {{1, 1, 1}, {17, 9, 5}, {129, 65, 33}, {3, 1000, 8}, {13, 127, 300}, {1, 127, 1000},
            {200, 3, 13}, {100, 130, 600}};
        float[][] alphaBeta = {{1f, 0f}, {0.5f, 2f}, {-1.5f, 1f}, {1f, -0.25f}};
        for (int[] s : shapes) {
            for (float[] ab : alphaBeta) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                Pair a = transA ? pair(k, m) : pair(m, k);
                Pair b = transB ? pair(n, k) : pair(k, n);
                Pair c = pair(m, n);
                ref.gemm(c.ref(), transA, transB, m, n, k, ab[0], a.ref(), b.ref(), ab[1]);
                backend().gemm(c.got(), transA, transB, m, n, k, ab[0], a.got(), b.got(), ab[1]);
                assertClose(c.ref().toArray(), c.got().toArray(), 1e-5, 4 * Math.sqrt(k),
                        "gemm " + m + "x" + n + "x" + k + " alpha=" + ab[0] + " beta=" + ab[1]);
            }
        }
    }

    @Test
    void gemmWithBetaZeroIgnoresNaNInC() {
        Pair a = pair(5, 7);
        Pair b = pair(7, 40);
        float[] nan = new float[5 * 40];
        java.util.Arrays.fill(nan, Float.NaN);
        Pair c = pair(nan, 5, 40);
        ref.gemm(c.ref(), false, false, 5, 40, 7, 1f, a.ref(), b.ref(), 0f);
        backend().gemm(c.got(), false, false, 5, 40, 7, 1f, a.got(), b.got(), 0f);
        assertClose(c.ref().toArray(), c.got().toArray(), 1e-5, 4, "gemm beta=0 over NaN");
    }

    /** Convolutions: n, inC, inH, inW, outC, kH, kW, stride, pad, dilation, groups. */
    @ParameterizedTest
    @CsvSource({
        "2,3,7,5,4,3,3,1,1,1,1",
        "1,3,8,8,5,3,3,1,1,1,1",      // batch below the thread count: the GEMMs run in parallel
        "9,2,6,6,3,3,3,2,1,1,1",      // batch not a multiple of the dW chunk; stride 2
        "3,4,9,7,6,3,2,1,2,2,2",      // dilation, groups, rectangular kernel
        "5,8,5,5,16,1,1,1,0,1,1",     // pointwise: no im2col
        "2,6,6,6,6,3,3,2,0,1,6",      // depthwise
        "4,32,14,14,64,3,3,1,1,1,1",  // Fashion-MNIST conv2 shape (smaller batch)
        "1,1,1,1,1,1,1,1,0,1,1",
        "2,2,5,5,3,5,5,1,0,1,1"       // kernel as large as the input
    })
    void conv2dMatchesTheReference(int n, int inC, int inH, int inW, int outC, int k1, int k2, int stride, int pad,
                                   int dilation, int groups) {
        var g = new Conv2dGeometry(n, inC, inH, inW, outC, k1, k2, stride, stride, pad, pad, dilation, dilation,
                groups);
        Pair x = pair(n, inC, inH, inW);
        Pair w = pair(outC, inC / groups, k1, k2);
        Pair b = pair(outC);
        Pair y = pair(n, outC, g.outH(), g.outW());
        int taps = inC / groups * k1 * k2;
        ref.conv2dForward(g, y.ref(), x.ref(), w.ref(), b.ref());
        backend().conv2dForward(g, y.got(), x.got(), w.got(), b.got());
        assertClose(y.ref().toArray(), y.got().toArray(), 1e-5, 4 * Math.sqrt(taps), "conv forward");
        ref.conv2dForward(g, y.ref(), x.ref(), w.ref(), null);
        backend().conv2dForward(g, y.got(), x.got(), w.got(), null);
        assertClose(y.ref().toArray(), y.got().toArray(), 1e-5, 4 * Math.sqrt(taps), "conv forward, no bias");

        Pair dy = pair(n, outC, g.outH(), g.outW());
        Pair dx = pair(n, inC, inH, inW);
        Pair dw = pair(outC, inC / groups, k1, k2);
        Pair db = pair(outC);
        ref.conv2dBackward(g, dx.ref(), dw.ref(), db.ref(), dy.ref(), x.ref(), w.ref());
        backend().conv2dBackward(g, dx.got(), dw.got(), db.got(), dy.got(), x.got(), w.got());
        int spatial = g.outH() * g.outW();
        assertClose(dx.ref().toArray(), dx.got().toArray(), 1e-5, 4 * Math.sqrt(outC / groups * k1 * k2), "dx");
        assertClose(dw.ref().toArray(), dw.got().toArray(), 1e-5, 4 * Math.sqrt(n * spatial), "dw");
        assertClose(db.ref().toArray(), db.got().toArray(), 1e-5, 4 * Math.sqrt(n * spatial), "db");
        ref.conv2dBackward(g, null, dw.ref(), null, dy.ref(), x.ref(), w.ref());
        backend().conv2dBackward(g, null, dw.got(), null, dy.got(), x.got(), w.got());
        assertClose(dw.ref().toArray(), dw.got().toArray(), 1e-5, 8 * Math.sqrt(n * spatial), "dw without dx, db");
    }

    /** Pooling: n, channels, inH, inW, kernel, stride, pad. */
    @ParameterizedTest
    @CsvSource({"2,3,8,8,2,2,0", "3,4,9,7,3,2,1", "1,1,1,1,1,1,0", "4,64,14,14,2,2,0", "2,2,5,6,2,1,1"})
    void maxPoolingEqualsTheReference(int n, int c, int h, int w, int k, int s, int pad) {
        var pg = new Pool2dGeometry(n, c, h, w, k, k, s, s, pad, pad);
        float[] xv = values(n * c * h * w);
        for (int i = 0; i + 7 < xv.length; i += 7) {
            xv[i + 1] = xv[i];                            // ties: the first maximum wins
        }
        if (xv.length > 20) {
            xv[5] = Float.NaN;                            // NaN wins, as in PyTorch
            xv[17] = Float.NEGATIVE_INFINITY;
            xv[0] = -0f;                                  // a zero maximum: the first of -0 and +0 wins
            xv[1] = 0f;
            xv[w] = -1f;
            xv[w + 1] = -2f;
        }
        Pair x = pair(xv, n, c, h, w);
        Pair y = pair(n, c, pg.outH(), pg.outW());
        ref.maxPool2dForward(pg, y.ref(), x.ref());
        backend().maxPool2dForward(pg, y.got(), x.got());
        assertSame(y, "max pool forward");
        Pair dy = pair(n, c, pg.outH(), pg.outW());
        Pair dx = pair(n, c, h, w);
        ref.maxPool2dBackward(pg, dx.ref(), dy.ref(), x.ref());
        backend().maxPool2dBackward(pg, dx.got(), dy.got(), x.got());
        assertSame(dx, "max pool backward");
    }

    @Test
    void poolingAndLossesMatchTheReference() {
        var pg = new Pool2dGeometry(3, 4, 9, 7, 2, 3, 2, 1, 1, 1);
        Pair x = pair(3, 4, 9, 7);
        Pair y = pair(3, 4, pg.outH(), pg.outW());
        Pair dy = pair(3, 4, pg.outH(), pg.outW());
        Pair dx = pair(3, 4, 9, 7);
        ref.maxPool2dForward(pg, y.ref(), x.ref());
        backend().maxPool2dForward(pg, y.got(), x.got());
        assertSame(y, "max pool");
        ref.maxPool2dBackward(pg, dx.ref(), dy.ref(), x.ref());
        backend().maxPool2dBackward(pg, dx.got(), dy.got(), x.got());
        assertSame(dx, "max pool backward");
        ref.avgPool2dForward(pg, y.ref(), x.ref());
        backend().avgPool2dForward(pg, y.got(), x.got());
        assertSame(y, "avg pool");
        ref.avgPool2dBackward(pg, dx.ref(), dy.ref());
        backend().avgPool2dBackward(pg, dx.got(), dy.got());
        assertSame(dx, "avg pool backward");

        int rows = 13;
        int classes = 10;
        Pair logits = pair(rows, classes);
        float[] t = new float[rows];
        for (int r = 0; r < rows; r++) {
            t[r] = random.nextInt(classes);
        }
        Pair targets = pair(t, rows);
        Pair losses = pair(rows);
        Pair grad = pair(rows, classes);
        ref.softmaxCrossEntropy(losses.ref(), grad.ref(), logits.ref(), targets.ref(), rows, classes, 0.1f);
        backend().softmaxCrossEntropy(losses.got(), grad.got(), logits.got(), targets.got(), rows, classes, 0.1f);
        assertSame(losses, "cross-entropy");
        assertSame(grad, "cross-entropy gradient");
        float[] probs = new float[rows];
        for (int r = 0; r < rows; r++) {
            probs[r] = (float) random.nextDouble();
        }
        Pair p = pair(probs, rows);
        Pair pw = pair(new float[] {2f}, 1);
        ref.binaryCrossEntropyWithLogits(losses.ref(), grad.ref(), targets.ref(), p.ref(), pw.ref(), rows, 1);
        backend().binaryCrossEntropyWithLogits(losses.got(), grad.got(), targets.got(), p.got(), pw.got(), rows, 1);
        assertSame(losses, "bce");
        assertSame(grad, "bce gradient");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 13, 127, 1000})
    void batchNormChannelKernelsMatchTheReference(int inner) {
        int n = 3;
        int c = 5;
        float[] xv = values(n * c * inner);
        for (int i = 0; i < xv.length; i++) {
            xv[i] = 3f + 0.5f * xv[i];                   // an offset mean: the two-pass variance must not cancel
        }
        Pair x = pair(xv, n, c, inner);
        Pair mean = pair(c);
        Pair var = pair(c);
        Pair invstd = pair(c);
        ref.norm().channelStatistics(mean.ref(), var.ref(), invstd.ref(), x.ref(), n, c, inner, 1e-5f);
        backend().norm().channelStatistics(mean.got(), var.got(), invstd.got(), x.got(), n, c, inner, 1e-5f);
        assertClose(mean.ref().toArray(), mean.got().toArray(), 1e-7, 0, "mean");
        assertClose(var.ref().toArray(), var.got().toArray(), 1e-6, 0, "var");
        assertClose(invstd.ref().toArray(), invstd.got().toArray(), 1e-6, 0, "invstd");
        // the rest takes the reference's statistics, so that only the kernel under test differs
        Pair weight = pair(c);
        Pair bias = pair(c);
        Pair dy = pair(n, c, inner);
        for (boolean affine : new boolean[] {true, false}) {
            Tensor w = affine ? weight.ref() : null;
            Pair y = pair(n, c, inner);
            ref.norm().channelNormForward(y.ref(), x.ref(), mean.ref(), invstd.ref(), w, affine ? bias.ref() : null,
                    n, c, inner);
            backend().norm().channelNormForward(y.got(), x.got(), mean.ref(), invstd.ref(), w,
                    affine ? bias.ref() : null, n, c, inner);
            assertSame(y, "batch norm forward, affine=" + affine);
            for (boolean batchStatistics : new boolean[] {true, false}) {
                Pair dx = pair(n, c, inner);
                Pair dw = pair(c);
                Pair db = pair(c);
                ref.norm().channelNormBackward(dx.ref(), dw.ref(), db.ref(), dy.ref(), x.ref(), mean.ref(),
                        invstd.ref(), w, n, c, inner, batchStatistics);
                backend().norm().channelNormBackward(dx.got(), dw.got(), db.got(), dy.got(), x.got(), mean.ref(),
                        invstd.ref(), w, n, c, inner, batchStatistics);
                String what = "batch norm backward, affine=" + affine + ", batch statistics=" + batchStatistics;
                assertClose(dx.ref().toArray(), dx.got().toArray(), 1e-5, 1, what + ": dx");
                assertClose(dw.ref().toArray(), dw.got().toArray(), 1e-6, 1, what + ": dweight");
                assertClose(db.ref().toArray(), db.got().toArray(), 1e-6, 1, what + ": dbias");
            }
        }
        Pair dx = pair(n, c, inner);
        ref.norm().channelNormBackward(dx.ref(), null, null, dy.ref(), x.ref(), mean.ref(), invstd.ref(), null, n,
                c, inner, true);
        backend().norm().channelNormBackward(dx.got(), null, null, dy.got(), x.got(), mean.ref(), invstd.ref(), null,
                n, c, inner, true);
        assertClose(dx.ref().toArray(), dx.got().toArray(), 1e-5, 1, "batch norm backward, dx only");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 13, 127, 1000})
    void dropoutDrawsTheReferenceMasks(int n) {
        var key = new NoiseKey(42L, 3, 7);
        Pair x = pair(n);
        Pair y = pair(n);
        ref.dropout().bernoulliForward(y.ref(), x.ref(), key, 0.3, 1);
        backend().dropout().bernoulliForward(y.got(), x.got(), key, 0.3, 1);
        assertSame(y, "dropout forward, n=" + n);
        Pair dx = pair(n);
        ref.dropout().bernoulliBackward(dx.ref(), x.ref(), key, 0.3, 1);
        backend().dropout().bernoulliBackward(dx.got(), x.got(), key, 0.3, 1);
        assertSame(dx, "dropout backward, n=" + n);
    }

    @Test
    void rowNormalizationKernelsMatchTheReference() {
        int rows = 6;
        int cols = 37;
        Pair x = pair(rows, cols);
        Pair mean = pair(rows);
        Pair rstd = pair(rows);
        ref.norm().rowStatistics(mean.ref(), null, rstd.ref(), x.ref(), rows, cols, 1e-5f);
        backend().norm().rowStatistics(mean.got(), null, rstd.got(), x.got(), rows, cols, 1e-5f);
        assertSame(mean, "row mean");
        assertSame(rstd, "row rstd");
        Pair y = pair(rows, cols);
        Pair w = pair(cols);
        Pair b = pair(cols);
        ref.norm().layerNormForward(y.ref(), x.ref(), mean.ref(), rstd.ref(), w.ref(), b.ref(), rows, cols);
        backend().norm().layerNormForward(y.got(), x.got(), mean.got(), rstd.got(), w.got(), b.got(), rows, cols);
        assertSame(y, "layer norm forward");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 13, 127, 1000})
    void sgdStepsEqualTheReference(int n) {
        float[][] settings = {{0f, 0f, 0f, 0f}, {0.9f, 0f, 1e-2f, 0f}, {0.9f, 0.1f, 0f, 1f}, {0.5f, 0f, 1e-3f, 1f}};
        for (float[] s : settings) {
            Pair p = pair(n);
            Pair g = pair(n);
            Pair buf = pair(n);
            for (int step = 0; step < 3; step++) {
                boolean nesterov = s[3] == 1f;
                Tensor bufRef = s[0] == 0f ? null : buf.ref();
                Tensor bufGot = s[0] == 0f ? null : buf.got();
                ref.sgdStep(p.ref(), bufRef, g.ref(), 0.05f, s[0], s[1], s[2], nesterov, step == 0);
                backend().sgdStep(p.got(), bufGot, g.got(), 0.05f, s[0], s[1], s[2], nesterov, step == 0);
            }
            assertSame(p, "sgd params");
            assertSame(buf, "sgd momentum buffer");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 13, 127, 1000})
    void adamStepsEqualTheReference(int n) {
        for (boolean decoupled : new boolean[] {false, true}) {
            for (float decay : new float[] {0f, 0.01f}) {
                Pair p = pair(n);
                Pair g = pair(n);
                Pair m = pair(new float[n], n);
                Pair v = pair(new float[n], n);
                for (int step = 1; step <= 3; step++) {
                    ref.adamStep(p.ref(), m.ref(), v.ref(), g.ref(), 1e-3f, 0.9f, 0.999f, 1e-8f, decay, decoupled,
                            step);
                    backend().adamStep(p.got(), m.got(), v.got(), g.got(), 1e-3f, 0.9f, 0.999f, 1e-8f, decay,
                            decoupled, step);
                }
                assertSame(p, "adam params");
                assertSame(m, "adam m");
                assertSame(v, "adam v");
            }
        }
    }
}
