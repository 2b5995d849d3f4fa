package dev.nn.host.scalar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.backend.Conv2dGeometry;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The im2col + GEMM convolution against the definition, written as direct loops in double: for every output
 * {@code y[n, o, i, j] = b[o] + sum over c in o's group, kh, kw of w[o, c, kh, kw] x[n, c, i s - p + kh d,
 * j s - p + kw d]} (zero outside the input), and the adjoint loops for the three gradients.
 */
class ConvReferenceTest {
    private final Backend b = Backends.select("scalar");

    @ParameterizedTest(name = "n{0} c{1} {2}x{3} -> {4} k{5}x{6} s{7}x{8} p{9}x{10} d{11}x{12} g{13}")
    @CsvSource({
        "1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1, 1, 1",
        "2, 3, 6, 7, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1",
        "2, 4, 7, 7, 6, 3, 3, 2, 2, 1, 1, 1, 1, 2",
        "1, 2, 9, 8, 3, 3, 2, 1, 2, 2, 1, 2, 3, 1",
        "3, 6, 5, 5, 6, 1, 1, 1, 1, 0, 0, 1, 1, 3",
        "1, 4, 6, 6, 8, 3, 3, 1, 1, 1, 1, 1, 1, 4",
        "2, 3, 9, 9, 2, 5, 5, 3, 3, 2, 2, 1, 1, 1",
        "1, 2, 4, 4, 2, 4, 4, 1, 1, 0, 0, 1, 1, 2",
        "1, 1, 3, 8, 2, 1, 3, 2, 3, 1, 1, 1, 2, 1",
    })
    void imToColMatchesTheDirectLoops(int n, int c, int h, int w, int out, int kh, int kw, int sh, int sw, int ph,
                                      int pw, int dh, int dw, int groups) {
        var g = new Conv2dGeometry(n, c, h, w, out, kh, kw, sh, sw, ph, pw, dh, dw, groups);
        var random = new SplittableRandom(n * 1000L + c * 100L + h * 10L + kh + groups);
        float[] x = gaussian(random, n * c * h * w);
        float[] wt = gaussian(random, out * (c / groups) * kh * kw);
        float[] bias = gaussian(random, out);
        int oh = g.outH();
        int ow = g.outW();
        float[] dy = gaussian(random, n * out * oh * ow);

        Tensor y = b.zeros(Shape.of(n, out, oh, ow));
        Tensor xt = b.tensor(Shape.of(n, c, h, w), x);
        Tensor wtT = b.tensor(Shape.of(out, c / groups, kh, kw), wt);
        b.conv2dForward(g, y, xt, wtT, b.tensor(Shape.of(out), bias));
        Tensor dx = b.zeros(xt.shape());
        Tensor dwT = b.zeros(wtT.shape());
        Tensor db = b.zeros(Shape.of(out));
        b.conv2dBackward(g, dx, dwT, db, b.tensor(Shape.of(n, out, oh, ow), dy), xt, wtT);

        double[] yRef = new double[n * out * oh * ow];
        double[] dxRef = new double[x.length];
        double[] dwRef = new double[wt.length];
        double[] dbRef = new double[out];
        int cinG = c / groups;
        int coutG = out / groups;
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < out; o++) {
                int group = o / coutG;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int yi = ((s * out + o) * oh + i) * ow + j;
                        double acc = bias[o];
                        dbRef[o] += dy[yi];
                        for (int ci = 0; ci < cinG; ci++) {
                            int ch = group * cinG + ci;
                            for (int u = 0; u < kh; u++) {
                                int ih = i * sh - ph + u * dh;
                                for (int v = 0; v < kw; v++) {
                                    int iw = j * sw - pw + v * dw;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w) {
                                        continue;
                                    }
                                    int xi = ((s * c + ch) * h + ih) * w + iw;
                                    int wi = ((o * cinG + ci) * kh + u) * kw + v;
                                    acc += (double) wt[wi] * x[xi];
                                    dxRef[xi] += (double) wt[wi] * dy[yi];
                                    dwRef[wi] += (double) x[xi] * dy[yi];
                                }
                            }
                        }
                        yRef[yi] = acc;
                    }
                }
            }
        }
        assertClose("y", yRef, y.toArray());
        assertClose("dx", dxRef, dx.toArray());
        assertClose("dw", dwRef, dwT.toArray());
        assertClose("db", dbRef, db.toArray());
    }

    private static void assertClose(String what, double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + " size");
        for (int i = 0; i < expected.length; i++) {
            // float32 sums of at most a few hundred products of N(0, 1) values
            assertEquals(expected[i], actual[i], 1e-5 + 1e-5 * Math.abs(expected[i]), what + "[" + i + "]");
        }
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
