package dev.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.layer.Mode;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.layer.Conv2d;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** orthogonal, eye and dirac: structure checked directly and through the convolution kernel. */
class StructuredInitTest {
    @Test
    void orthogonalTallMatrixHasOrthonormalColumnsTimesGain() {
        // (64, 32): W^T W = gain^2 I
        assertGram(Samples.draw(Init.orthogonal(2), 31, 64, 32), 64, 32, true, 4);
    }

    @Test
    void orthogonalWideMatrixHasOrthonormalRows() {
        // (20, 50): W W^T = I
        assertGram(Samples.draw(Init.orthogonal(1), 32, 20, 50), 20, 50, false, 1);
    }

    @Test
    void orthogonalFlattensTrailingDimensionsLikePyTorch() {
        // conv weight (8, 4, 3, 3) -> (8, 36): wide, rows orthonormal
        assertGram(Samples.draw(Init.orthogonal(1.5), 33, 8, 4, 3, 3), 8, 36, false, 2.25);
        // square: both products are the identity
        float[] sq = Samples.draw(Init.orthogonal(1), 34, 16, 16);
        assertGram(sq, 16, 16, true, 1);
        assertGram(sq, 16, 16, false, 1);
    }

    @Test
    void orthogonalIsTheQFactorOfTheDrawnMatrixNotOfItsTranspose() {
        // PyTorch transposes only when rows < cols; a square draw A = QR keeps Q's first column = A's first column
        // over its norm (R's diagonal positive), gain times that
        int n = 5;
        SplittableRandom random = new SplittableRandom(35);
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextGaussian();
        }
        double norm = 0;
        for (int r = 0; r < n; r++) {
            norm += a[r * n] * a[r * n];
        }
        float[] q = Samples.draw(Init.orthogonal(2), 35, n, n);
        for (int r = 0; r < n; r++) {
            assertEquals(2 * a[r * n] / Math.sqrt(norm), q[r * n], 1e-6, "row " + r);
        }
    }

    @Test
    void orthogonalIsNotAlwaysTheSameMatrixAndHasHaarMeanZeroEntries() {
        // the sign correction makes Q Haar-distributed: entries have mean 0 and variance 1/n; without it Gram-style
        // QR of a Gaussian matrix would still be Haar, but a missing correction in Householder QR biases the diagonal
        int n = 8;
        double diagonalSum = 0;
        double sumSq = 0;
        int draws = 2000;
        for (int seed = 0; seed < draws; seed++) {
            float[] q = Samples.draw(Init.orthogonal(1), 1000 + seed, n, n);
            for (int i = 0; i < n; i++) {
                diagonalSum += q[i * n + i];
                sumSq += q[i * n + i] * q[i * n + i];
            }
        }
        double m = diagonalSum / (draws * n);
        double var = sumSq / (draws * n) - m * m;
        assertEquals(1.0 / n, var, 0.01, "variance of an entry of a Haar orthogonal matrix is 1/n");
        assertTrue(Math.abs(m) < 5 * Math.sqrt(var / (draws * n)), "diagonal mean " + m + " should be 0");
    }

    @Test
    void orthogonalNeedsRankTwo() {
        InitException e = assertThrows(InitException.class, () -> Samples.draw(Init.orthogonal(1), 1, 5));
        assertTrue(e.getMessage().startsWith("Only tensors with 2 or more dimensions are supported"), e.getMessage());
    }

    @Test
    void eyeIsTheRectangularIdentity() {
        float[] w = Samples.draw(Init.eye(), 1, 3, 4);
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0}, w);
        InitException e = assertThrows(InitException.class, () -> Samples.draw(Init.eye(), 1, 2, 2, 2));
        assertTrue(e.getMessage().startsWith("Only tensors with 2 dimensions are supported"), e.getMessage());
    }

    @Test
    void diracPutsOneAtTheKernelCentreOfMatchingChannels() {
        int c = 5;
        float[] w = Samples.draw(Init.dirac(1), 1, c, c, 3, 3);
        for (int o = 0; o < c; o++) {
            for (int i = 0; i < c; i++) {
                for (int k = 0; k < 9; k++) {
                    float expected = (o == i && k == 4) ? 1 : 0;
                    assertEquals(expected, w[((o * c) + i) * 9 + k], "w[" + o + "," + i + "," + k / 3 + "," + k % 3
                            + "]");
                }
            }
        }
    }

    @Test
    void diracWithGroupsRepeatsTheIdentityPerGroup() {
        // Conv1d weight (6, 2, 3), groups 3: out per group 2 -> w[g*2+d, d, 1] = 1
        float[] w = Samples.draw(Init.dirac(3), 1, 6, 2, 3);
        float[] expected = new float[36];
        for (int g = 0; g < 3; g++) {
            for (int d = 0; d < 2; d++) {
                expected[((g * 2 + d) * 2 + d) * 3 + 1] = 1;
            }
        }
        assertArrayEquals(expected, w);
        InitException e = assertThrows(InitException.class, () -> Samples.draw(Init.dirac(4), 1, 6, 2, 3));
        assertTrue(e.getMessage().startsWith("dim 0 must be divisible by groups"), e.getMessage());
        e = assertThrows(InitException.class, () -> Samples.draw(Init.dirac(1), 1, 6, 2));
        assertTrue(e.getMessage().startsWith("Only tensors with 3, 4, or 5 dimensions are supported"),
                e.getMessage());
    }

    @Test
    void diracConvolutionPassesItsInputThrough() {
        // a 'same'-padded convolution (cross-correlation, as PyTorch) with dirac weights is the identity
        int c = 4;
        int h = 6;
        int w = 7;
        float[] weight = Samples.draw(Init.dirac(1), 1, c, c, 3, 5);
        float[] x = Samples.draw(Init.normal(0, 1), 2, c, h, w);
        float[] y = new float[x.length];
        for (int o = 0; o < c; o++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double sum = 0;
                    for (int ci = 0; ci < c; ci++) {
                        for (int ki = 0; ki < 3; ki++) {
                            for (int kj = 0; kj < 5; kj++) {
                                int ii = i + ki - 1;
                                int jj = j + kj - 2;
                                if (ii >= 0 && ii < h && jj >= 0 && jj < w) {
                                    sum += weight[((o * c + ci) * 3 + ki) * 5 + kj] * x[(ci * h + ii) * w + jj];
                                }
                            }
                        }
                    }
                    y[(o * h + i) * w + j] = (float) sum;
                }
            }
        }
        assertArrayEquals(x, y, 0f);
    }

    @Test
    void diracConv2dLayersPassTheirInputThrough() {
        // nn-core's Conv2d with 'same' padding, weights dirac and biases zero: the output equals the input
        SplittableRandom r = new SplittableRandom(5);
        assertIdentity(new Conv2d(Samples.BACKEND, 6, 6, 3, 1, 1, r), 1);
        assertIdentity(Conv2d.builder(6, 6, 5).optPadding(2).optGroups(3).build(Samples.BACKEND, r), 3);
    }

    private static void assertIdentity(Conv2d conv, int groups) {
        ModelInitializer.builder()
                .role(ParameterRole.WEIGHT, Init.dirac(groups))
                .role(ParameterRole.BIAS, Init.zeros())
                .build().initialize(conv, 1);
        float[] xs = Samples.draw(Init.normal(0, 1), 2, 2, 6, 7, 8);
        Tensor x = Samples.BACKEND.tensor(Shape.of(2, 6, 7, 8), xs);
        assertArrayEquals(xs, conv.forward(x, Mode.EVAL).toArray(), 0f, conv.toString());
    }

    private static void assertGram(float[] w, int rows, int cols, boolean columns, double expectedDiagonal) {
        int n = columns ? cols : rows;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double dot = 0;
                int len = columns ? rows : cols;
                for (int k = 0; k < len; k++) {
                    double u = columns ? w[k * cols + a] : w[a * cols + k];
                    double v = columns ? w[k * cols + b] : w[b * cols + k];
                    dot += u * v;
                }
                assertEquals(a == b ? expectedDiagonal : 0, dot, 1e-5 * Math.max(1, expectedDiagonal),
                        (columns ? "W^T W" : "W W^T") + "[" + a + "," + b + "]");
            }
        }
    }
}
