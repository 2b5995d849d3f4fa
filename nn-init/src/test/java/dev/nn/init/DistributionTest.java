package dev.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.init.Samples.Stats;
import dev.nn.init.Samples.Truncated;
import org.junit.jupiter.api.Test;

/**
 * Statistical checks of every random initializer: fixed seeds, 2^17 or more samples, mean and std within 5 standard
 * errors of values computed here from the textbook formulas, and the bounds.
 */
class DistributionTest {
    @Test
    void uniformHasMeanStdAndRangeOfUab() {
        Stats s = Stats.of(Samples.draw(Init.uniform(-3, 5), 1, 512, 512));
        s.assertMean(1, "U(-3,5)");
        s.assertStd(8 / Math.sqrt(12), "U(-3,5)");
        s.assertFills(-3, 5, 1e-3, "U(-3,5)");
    }

    @Test
    void uniformNeverReachesItsUpperBound() {
        // a width of 2^-20 makes float rounding of lo + width * u land on hi often unless it is excluded
        double lo = 1.0;
        double hi = 1.0 + Math.scalb(1.0, -20);
        Stats s = Stats.of(Samples.draw(Init.uniform(lo, hi), 17, 1000, 100));
        assertTrue(s.min() >= lo && s.max() < hi, "[" + s.min() + ", " + s.max() + "] must lie in [" + lo + ", " + hi
                + ")");
    }

    @Test
    void normalHasMeanAndStd() {
        Stats s = Stats.of(Samples.draw(Init.normal(2, 0.5), 2, 512, 512));
        s.assertMean(2, "N(2,0.5)");
        s.assertStd(0.5, "N(2,0.5)");
        assertEquals(3, s.kurtosis(), 0.05, "a normal's kurtosis");
    }

    @Test
    void xavierUniformBoundIsGainTimesSqrt6OverFanSum() {
        double gain = 5.0 / 3;
        double bound = gain * Math.sqrt(6.0 / (300 + 400));
        Stats s = Stats.of(Samples.draw(Init.xavierUniform(gain), 3, 400, 300));
        s.assertMean(0, "xavier_uniform");
        s.assertStd(bound / Math.sqrt(3), "xavier_uniform");
        s.assertFills(-bound, bound, 1e-3 * bound, "xavier_uniform");
    }

    @Test
    void xavierNormalStdIsGainTimesSqrt2OverFanSumOnConvWeights() {
        // conv weight (64, 32, 3, 3): fan_in 288, fan_out 576
        Stats s = Stats.of(Samples.draw(Init.xavierNormal(2), 4, 64, 32, 3, 3));
        s.assertMean(0, "xavier_normal");
        s.assertStd(2 * Math.sqrt(2.0 / (288 + 576)), "xavier_normal");
    }

    @Test
    void kaimingNormalStdIsSqrt2OverFanInForRelu() {
        Stats s = Stats.of(Samples.draw(Init.kaimingNormal(0, FanMode.FAN_IN, "relu"), 5, 256, 512));
        s.assertMean(0, "kaiming_normal");
        s.assertStd(Math.sqrt(2.0 / 512), "kaiming_normal");
    }

    @Test
    void kaimingNormalFanOutUsesOutputsTimesKernel() {
        // (128, 16, 5, 5): fan_out = 128 * 25 = 3200
        Stats s = Stats.of(Samples.draw(Init.kaimingNormal(0, FanMode.FAN_OUT, "relu"), 6, 128, 16, 5, 5));
        s.assertStd(Math.sqrt(2.0 / 3200), "kaiming_normal fan_out");
    }

    @Test
    void kaimingUniformDefaultsGiveSqrt6OverFanIn() {
        // PyTorch's defaults a=0, leaky_relu: gain sqrt(2 / (1 + 0)) = sqrt(2)
        double bound = Math.sqrt(6.0 / 300);
        Stats s = Stats.of(Samples.draw(Init.kaimingUniform(0, FanMode.FAN_IN, "leaky_relu"), 7, 500, 300));
        s.assertStd(bound / Math.sqrt(3), "kaiming_uniform");
        s.assertFills(-bound, bound, 1e-3 * bound, "kaiming_uniform");
    }

    @Test
    void kaimingUniformWithSqrt5IsTorchLinearDefault() {
        // nn.Linear: kaiming_uniform_(a=sqrt(5)) -> bound 1/sqrt(fan_in)
        double bound = 1 / Math.sqrt(400);
        Stats s = Stats.of(Samples.draw(Init.kaimingUniform(Math.sqrt(5), FanMode.FAN_IN, "leaky_relu"), 8, 500,
                400));
        s.assertFills(-bound, bound, 1e-3 * bound, "kaiming_uniform a=sqrt(5)");
        s.assertStd(bound / Math.sqrt(3), "kaiming_uniform a=sqrt(5)");
    }

    @Test
    void lecunUniformLimitIsSqrt3OverFanIn() {
        double limit = Math.sqrt(3.0 / 250);
        Stats s = Stats.of(Samples.draw(Init.lecunUniform(), 9, 600, 250));
        s.assertFills(-limit, limit, 1e-3 * limit, "lecun_uniform");
        s.assertStd(Math.sqrt(1.0 / 250), "lecun_uniform");
    }

    @Test
    void lecunNormalIsKerasTruncatedNormalWithVarianceOneOverFanIn() {
        double target = Math.sqrt(1.0 / 250);
        // Keras' constant is the std of N(0,1) cut at +-2; check it independently
        assertEquals(Init.TRUNCATED_STD_AT_2, Truncated.of(-2, 2).std(), 1e-9);
        double cut = 2 * target / Truncated.of(-2, 2).std();
        Stats s = Stats.of(Samples.draw(Init.lecunNormal(), 10, 600, 250));
        s.assertMean(0, "lecun_normal");
        s.assertStd(target, "lecun_normal");
        s.assertFills(-cut, cut, 0.01 * cut, "lecun_normal");
    }

    @Test
    void varianceScalingCoversKerasFamily() {
        // he_uniform = (2, fan_in, uniform); glorot_uniform = (1, fan_avg, uniform); he_normal truncated
        Stats he = Stats.of(Samples.draw(Init.varianceScaling(2, FanMode.FAN_IN, ScalingDistribution.UNIFORM), 11,
                300, 200));
        he.assertFills(-Math.sqrt(6.0 / 200), Math.sqrt(6.0 / 200), 1e-3, "he_uniform");
        Stats glorot = Stats.of(Samples.draw(Init.varianceScaling(1, FanMode.FAN_AVG, ScalingDistribution.UNIFORM),
                12, 300, 200));
        glorot.assertStd(Math.sqrt(1.0 / 250), "glorot_uniform");
        Stats heNormal = Stats.of(Samples.draw(Init.varianceScaling(2, FanMode.FAN_OUT,
                ScalingDistribution.TRUNCATED_NORMAL), 13, 300, 200));
        heNormal.assertStd(Math.sqrt(2.0 / 300), "he_normal fan_out");
        assertTrue(heNormal.max() <= 2 * Math.sqrt(2.0 / 300) / Init.TRUNCATED_STD_AT_2, "cut at 2 std");
        Stats plain = Stats.of(Samples.draw(Init.varianceScaling(3, FanMode.FAN_IN, ScalingDistribution.NORMAL), 14,
                300, 200));
        plain.assertStd(Math.sqrt(3.0 / 200), "untruncated normal");
        assertEquals(3, plain.kurtosis(), 0.06, "untruncated normal has a normal's kurtosis");
    }

    @Test
    void varianceScalingOnRank1UsesItsLengthAsBothFans() {
        Stats s = Stats.of(Samples.draw(Init.varianceScaling(1, FanMode.FAN_IN, ScalingDistribution.NORMAL), 15,
                200_000));
        s.assertStd(Math.sqrt(1.0 / 200_000), "rank-1 variance scaling");
    }

    @Test
    void sparseZeroesCeilOfSparsityTimesRowsInEveryColumn() {
        int rows = 30;
        int cols = 4000;
        float[] w = Samples.draw(Init.sparse(0.1, 0.5), 16, rows, cols);
        float[] nonZero = new float[rows * cols - 3 * cols];
        int k = 0;
        for (int c = 0; c < cols; c++) {
            int zeros = 0;
            for (int r = 0; r < rows; r++) {
                if (w[r * cols + c] == 0) {
                    zeros++;
                } else {
                    nonZero[k++] = w[r * cols + c];
                }
            }
            assertEquals(3, zeros, "column " + c + ": ceil(0.1 * 30) zeros");
        }
        Stats s = Stats.of(nonZero);
        s.assertMean(0, "sparse non-zeros");
        s.assertStd(0.5, "sparse non-zeros");
    }
}
