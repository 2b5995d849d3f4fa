package dev.nn.host.scalar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.backend.NormKernels;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Contracts of the normalization kernels: layouts, optional arguments, accumulation, precision. */
class ScalarNormKernelsTest {
    private final Backend b = Backends.select("scalar");
    private final NormKernels k = b.norm();

    private Tensor t(float... v) {
        return b.tensor(Shape.of(v.length), v);
    }

    @Test
    void channelStatisticsReadTheChannelLayout() {
        // (n=2, c=2, inner=2): channel 0 holds 1, 3, 5, 7; channel 1 holds 2, 2, 4, 4
        Tensor x = t(1, 3, 2, 2, 5, 7, 4, 4);
        Tensor mean = b.zeros(Shape.of(2));
        Tensor var = b.zeros(Shape.of(2));
        Tensor invstd = b.zeros(Shape.of(2));
        k.channelStatistics(mean, var, invstd, x, 2, 2, 2, 0.5f);
        assertArrayEquals(new float[] {4f, 3f}, mean.toArray());
        assertArrayEquals(new float[] {5f, 1f}, var.toArray());
        assertArrayEquals(new float[] {(float) (1 / Math.sqrt(5.5)), (float) (1 / Math.sqrt(1.5))}, invstd.toArray());
        k.channelStatistics(mean, null, invstd, x, 2, 2, 2, 0.5f);   // the variance is optional
        assertArrayEquals(new float[] {4f, 3f}, mean.toArray());
    }

    @Test
    void varianceOfLargeOffsetDataKeepsItsPrecision() {
        // E[x^2] - E[x]^2 in float would lose everything at 1e4 + small noise; two passes in double do not
        Tensor x = t(10000.5f, 10001.5f, 10000.5f, 10001.5f);
        Tensor mean = b.zeros(Shape.of(1));
        Tensor var = b.zeros(Shape.of(1));
        Tensor rstd = b.zeros(Shape.of(1));
        k.rowStatistics(mean, var, rstd, x, 1, 4, 0f);
        assertEquals(10001f, mean.toArray()[0]);
        assertEquals(0.25f, var.toArray()[0]);
        assertEquals(2f, rstd.toArray()[0]);
    }

    @Test
    void runningStatisticsAverageGroupsAndUnbiasTheVariance() {
        Tensor rm = t(1, 0);
        Tensor rv = t(1, 1);
        // groups=2, c=2: means (2, 4 | 6, 8), biased variances over count=4 (1, 2 | 3, 4)
        k.updateRunningStatistics(rm, rv, t(2, 4, 6, 8), t(1, 2, 3, 4), 2, 2, 4, 0.25f);
        assertArrayEquals(new float[] {0.75f * 1 + 0.25f * 4, 0.25f * 6}, rm.toArray());
        assertArrayEquals(new float[] {0.75f + 0.25f * (2 * 4 / 3f), 0.75f + 0.25f * (3 * 4 / 3f)}, rv.toArray(),
                1e-6f);
    }

    @Test
    void backwardAccumulatesAndSkipsNullGradients() {
        Tensor x = t(1, 2, 3, 4);
        Tensor dy = t(0.5f, -1, 2, 0.25f);
        Tensor mean = b.zeros(Shape.of(1));
        Tensor rstd = b.zeros(Shape.of(1));
        k.rowStatistics(mean, null, rstd, x, 1, 4, 1e-5f);
        Tensor dx = b.zeros(Shape.of(4));
        Tensor dw = b.zeros(Shape.of(4));
        k.layerNormBackward(dx, dw, null, dy, x, mean, rstd, null, 1, 4);
        float[] once = dx.toArray();
        float[] dwOnce = dw.toArray();
        k.layerNormBackward(dx, dw, null, dy, x, mean, rstd, null, 1, 4);
        for (int i = 0; i < 4; i++) {
            assertEquals(2 * once[i], dx.toArray()[i], 1e-6f, "dx accumulates");
            assertEquals(2 * dwOnce[i], dw.toArray()[i], 1e-6f, "dweight accumulates");
        }
        // dx of a normalization sums to zero (shifting x does not change y)
        assertEquals(0, once[0] + once[1] + once[2] + once[3], 1e-6);
        Tensor db = b.zeros(Shape.of(1));
        k.channelNormBackward(null, null, db, dy, x, t(2.5f), t(1f), null, 1, 1, 4, true);
        assertArrayEquals(new float[] {1.75f}, db.toArray(), "dbias = sum(dy), dx not wanted");
    }

    @Test
    void rmsNormHasNoCentering() {
        Tensor y = b.zeros(Shape.of(2));
        Tensor rrms = b.zeros(Shape.of(1));
        k.rmsNormForward(y, rrms, t(3, 4), t(2, 1), 1, 2, 0f);
        // rms = sqrt((9 + 16) / 2)
        double rms = Math.sqrt(12.5);
        assertArrayEquals(new float[] {(float) (3 / rms * 2), (float) (4 / rms)}, y.toArray(), 1e-6f);
        assertEquals(1 / rms, rrms.toArray()[0], 1e-7);
    }
}
