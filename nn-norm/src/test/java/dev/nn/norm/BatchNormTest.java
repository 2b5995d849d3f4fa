package dev.nn.norm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.NnException;
import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** BatchNorm semantics against an independent float64 reference written out in this test. */
class BatchNormTest {
    private final RandomGenerator rng = Fixtures.random(7);

    /** Per-channel mean and biased variance of (n, c, inner) data, in double. */
    private static double[][] stats(float[] x, int n, int c, int inner) {
        double[] mean = new double[c];
        double[] var = new double[c];
        int m = n * inner;
        for (int ch = 0; ch < c; ch++) {
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < inner; i++) {
                    mean[ch] += x[(b * c + ch) * inner + i] / (double) m;
                }
            }
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < inner; i++) {
                    double d = x[(b * c + ch) * inner + i] - mean[ch];
                    var[ch] += d * d / m;
                }
            }
        }
        return new double[][] {mean, var};
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-5 + 1e-4 * Math.abs(expected), what);
    }

    @Test
    void trainingNormalizesWithBiasedAndTracksUnbiasedVariance() {
        int n = 3;
        int c = 2;
        int inner = 4;
        BatchNorm bn = BatchNorm.batchNorm1d(c).optMomentum(0.3).build(Fixtures.SCALAR);
        float[] gamma = {1.5f, -0.5f};
        float[] beta = {0.25f, 2f};
        bn.weight().orElseThrow().set(gamma);
        bn.bias().orElseThrow().set(beta);
        float[] x = Fixtures.normal(rng, n * c * inner, 1, 3);
        float[] y = bn.forward(Fixtures.tensor(x, n, c, inner), Mode.TRAIN).toArray();
        double[][] s = stats(x, n, c, inner);
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < inner; i++) {
                    int at = (b * c + ch) * inner + i;
                    double expected = (x[at] - s[0][ch]) / Math.sqrt(s[1][ch] + 1e-5) * gamma[ch] + beta[ch];
                    assertClose(expected, y[at], "y[" + at + "]");
                }
            }
        }
        float[] rm = bn.runningMean().orElseThrow().toArray();
        float[] rv = bn.runningVar().orElseThrow().toArray();
        int m = n * inner;
        for (int ch = 0; ch < c; ch++) {
            assertClose(0.3 * s[0][ch], rm[ch], "running_mean");
            assertClose(0.7 + 0.3 * s[1][ch] * m / (m - 1), rv[ch], "running_var uses the unbiased variance");
        }
        assertEquals(1, bn.numBatchesTracked());
    }

    @Test
    void momentumNullIsACumulativeAverageOfBatchStatistics() {
        BatchNorm bn = BatchNorm.batchNorm1d(2).optMomentum(null).build(Fixtures.SCALAR);
        double[] meanSum = new double[2];
        for (int k = 1; k <= 4; k++) {
            float[] x = Fixtures.normal(rng, 5 * 2, k, 1);
            bn.forward(Fixtures.tensor(x, 5, 2), Mode.TRAIN);
            double[][] perChannel = stats(x, 5, 2, 1);
            for (int ch = 0; ch < 2; ch++) {
                meanSum[ch] += perChannel[0][ch];
                assertClose(meanSum[ch] / k, bn.runningMean().orElseThrow().toArray()[ch], "batch " + k);
            }
            assertEquals(k, bn.numBatchesTracked());
        }
    }

    @Test
    void numBatchesTrackedIsAHostCounterThatCheckpointsCanSet() {
        BatchNorm bn = BatchNorm.batchNorm1d(1).optMomentum(null).build(Fixtures.SCALAR);
        Counter tracked = bn.ownCounters().get("num_batches_tracked");
        Fixtures.SCALAR.write(bn.runningMean().orElseThrow(), new float[] {4f});
        tracked.set(3);                                   // as a checkpoint saved after three batches loads it
        bn.forward(Fixtures.tensor(new float[] {7f, 9f}, 2, 1), Mode.TRAIN);
        assertEquals(4, tracked.get());
        assertEquals(4, bn.numBatchesTracked());
        // the cumulative average weighs the new batch (mean 8) by 1/4
        assertArrayEquals(new float[] {(float) (0.75 * 4 + 0.25 * 8)}, bn.runningMean().orElseThrow().toArray());
        bn.forward(Fixtures.tensor(new float[] {7f, 9f}, 2, 1), Mode.EVAL);
        assertEquals(4, tracked.get(), "eval does not count");
        assertTrue(BatchNorm.batchNorm1d(1).optTrackRunningStats(false).build(Fixtures.SCALAR).ownCounters()
                .isEmpty(), "no counter without running statistics");
    }

    @Test
    void theMeanSavedFromRunningStatisticsIsACopy() {
        BatchNorm bn = BatchNorm.batchNorm1d(2).build(Fixtures.SCALAR);
        Fixtures.SCALAR.write(bn.runningMean().orElseThrow(), new float[] {1f, -2f});
        bn.forward(Fixtures.randn(rng, 3, 2), Mode.EVAL);
        assertArrayEquals(new float[] {1f, -2f}, bn.lastMean().toArray());
        assertNotSame(bn.runningMean().orElseThrow().storage(), bn.lastMean().storage(),
                "a later update of running_mean must not change what the last forward used");
    }

    @Test
    void evalUsesRunningStatisticsAndChangesNothing() {
        BatchNorm bn = BatchNorm.batchNorm2d(2).build(Fixtures.SCALAR);
        Fixtures.SCALAR.write(bn.runningMean().orElseThrow(), new float[] {1f, -2f});
        Fixtures.SCALAR.write(bn.runningVar().orElseThrow(), new float[] {4f, 0.25f});
        float[] x = Fixtures.normal(rng, 2 * 2 * 3 * 3, 0, 1);
        float[] y = bn.forward(Fixtures.tensor(x, 2, 2, 3, 3), Mode.EVAL).toArray();
        for (int i = 0; i < x.length; i++) {
            int ch = (i / 9) % 2;
            double expected = ch == 0 ? (x[i] - 1) / Math.sqrt(4 + 1e-5) : (x[i] + 2) / Math.sqrt(0.25 + 1e-5);
            assertClose(expected, y[i], "y[" + i + "]");
        }
        assertArrayEquals(new float[] {1f, -2f}, bn.runningMean().orElseThrow().toArray());
        assertEquals(0, bn.numBatchesTracked());
    }

    @Test
    void withoutRunningStatisticsEvalUsesBatchStatistics() {
        BatchNorm bn = BatchNorm.batchNorm1d(3).optTrackRunningStats(false).build(Fixtures.SCALAR);
        Tensor x = Fixtures.tensor(Fixtures.normal(rng, 4 * 3, 5, 2), 4, 3);
        assertArrayEquals(bn.forward(x, Mode.TRAIN).toArray(), bn.forward(x, Mode.EVAL).toArray());
        assertTrue(bn.ownBuffers().isEmpty());
        double[][] s = stats(x.toArray(), 4, 3, 1);
        float[] y = bn.forward(x, Mode.EVAL).toArray();
        assertClose((x.toArray()[0] - s[0][0]) / Math.sqrt(s[1][0] + 1e-5), y[0], "batch statistics in eval");
    }

    @Test
    void frozenStatisticsSurviveTrainModeForwards() {
        BatchNorm bn = BatchNorm.batchNorm1d(2).build(Fixtures.SCALAR);
        bn.forward(Fixtures.tensor(Fixtures.normal(rng, 8 * 2, 3, 2), 8, 2), Mode.TRAIN);
        float[] mean = bn.runningMean().orElseThrow().toArray();
        float[] var = bn.runningVar().orElseThrow().toArray();
        bn.freezeStatistics(true);
        Tensor x = Fixtures.tensor(Fixtures.normal(rng, 8 * 2, -4, 5), 8, 2);
        float[] eval = bn.forward(x, Mode.EVAL).toArray();
        for (int step = 0; step < 3; step++) {
            assertArrayEquals(eval, bn.forward(x, Mode.TRAIN).toArray(), "frozen train forward = eval forward");
        }
        assertArrayEquals(mean, bn.runningMean().orElseThrow().toArray());
        assertArrayEquals(var, bn.runningVar().orElseThrow().toArray());
        assertEquals(1, bn.numBatchesTracked());
        assertTrue(bn.statisticsFrozen());
        // a single sample is fine while frozen: nothing is estimated from the batch
        bn.forward(Fixtures.tensor(new float[] {1f, 2f}, 1, 2), Mode.TRAIN);
        bn.freezeStatistics(false);
        bn.forward(x, Mode.TRAIN);
        assertEquals(2, bn.numBatchesTracked());
        assertTrue(bn.runningMean().orElseThrow().toArray()[0] < mean[0], "unfrozen: the -4 batch pulls it down");
    }

    @Test
    void freezingWithoutRunningStatisticsIsRejected() {
        BatchNorm bn = BatchNorm.batchNorm1d(2).optTrackRunningStats(false).build(Fixtures.SCALAR);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> bn.freezeStatistics(true));
        assertTrue(e.getMessage().contains("track_running_stats=false"), e.getMessage());
    }

    @Test
    void kerasMomentumConverts() {
        assertEquals(0.01, BatchNorm.fromKerasMomentum(0.99), 1e-15);
        assertEquals(0.1, BatchNorm.fromKerasMomentum(0.9), 1e-15);
        BatchNorm bn = BatchNorm.batchNorm1d(1).optMomentum(BatchNorm.fromKerasMomentum(0.99))
                .build(Fixtures.SCALAR);
        bn.forward(Fixtures.tensor(new float[] {10f, 30f}, 2, 1), Mode.TRAIN);
        assertClose(0.01 * 20, bn.runningMean().orElseThrow().toArray()[0], "1% of the new batch");
        assertThrows(IllegalArgumentException.class, () -> BatchNorm.fromKerasMomentum(1.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchNorm.batchNorm1d(4).optMomentum(1.5).build(Fixtures.SCALAR));
        assertTrue(e.getMessage().contains("fromKerasMomentum"), e.getMessage());
    }

    @Test
    void parametersAndBuffersAreNamedLikePyTorch() {
        BatchNorm bn = BatchNorm.batchNorm2d(3).build(Fixtures.SCALAR);
        assertEquals(List.of("weight", "bias"), bn.ownParameters().stream().map(p -> p.name()).toList());
        assertEquals(List.of(ParameterRole.NORM_SCALE, ParameterRole.NORM_SHIFT),
                bn.ownParameters().stream().map(p -> p.role()).toList());
        assertArrayEquals(new float[] {1f, 1f, 1f}, bn.weight().orElseThrow().value().toArray());
        assertEquals(List.of("running_mean", "running_var"), List.copyOf(bn.ownBuffers().keySet()));
        assertEquals(List.of("num_batches_tracked"), List.copyOf(bn.ownCounters().keySet()),
                "num_batches_tracked follows running_var in PyTorch's state_dict, as a host counter");
        assertEquals(0L, bn.ownCounters().get("num_batches_tracked").get());
        assertArrayEquals(new float[] {1f, 1f, 1f}, bn.runningVar().orElseThrow().toArray());
        assertEquals("BatchNorm2d", bn.kind());
        assertTrue(BatchNorm.batchNorm1d(3).optAffine(false).build(Fixtures.SCALAR).ownParameters().isEmpty());
    }

    @Test
    void channelMismatchExplainsTheFixEvenWithoutAffineOrRunningStatistics() {
        Tensor x = Fixtures.randn(rng, 4, 32, 5, 5);
        NnException e = assertThrows(NnException.class,
                () -> BatchNorm.batchNorm2d(64).build(Fixtures.SCALAR).forward(x, Mode.TRAIN));
        assertTrue(e.getMessage().startsWith("BatchNorm2d(num_features=64) got input with 32 channels (dim 1)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("num_features must equal the out_channels of the layer before it (32)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("running_mean should contain 32 elements not 64"), e.getMessage());
        NnException bare = assertThrows(NnException.class, () -> BatchNorm.batchNorm2d(64).optAffine(false)
                .optTrackRunningStats(false).build(Fixtures.SCALAR).forward(x, Mode.EVAL));
        assertTrue(bare.getMessage().contains("build BatchNorm2d(32)"), bare.getMessage());
    }

    @Test
    void trainingNeedsMoreThanOneValuePerChannel() {
        BatchNorm bn = BatchNorm.batchNorm1d(5).build(Fixtures.SCALAR);
        NnException e = assertThrows(NnException.class,
                () -> bn.forward(Fixtures.randn(rng, 1, 5), Mode.TRAIN));
        assertTrue(e.getMessage().startsWith("Expected more than 1 value per channel when training, got input size "
                + "[1, 5]"), e.getMessage());
        assertEquals(0, bn.numBatchesTracked(), "a rejected batch is not counted");
        bn.forward(Fixtures.randn(rng, 1, 5), Mode.EVAL);
        bn.forward(Fixtures.randn(rng, 1, 5, 2), Mode.TRAIN);
    }

    @Test
    void aWrongRankNamesTheVariantThatTakesIt() {
        assertHint(BatchNorm.batchNorm1d(2), "; for (N, C, D, H, W) volumes use BatchNorm3d", 2, 2, 2, 2, 2);
        assertHint(BatchNorm.batchNorm1d(2), "; pass (N, C) or (N, C, L)", 2, 2, 2, 2, 2, 2);
        assertHint(BatchNorm.batchNorm2d(2), "; for (N, C) or (N, C, L) input use BatchNorm1d", 2, 2);
        assertHint(BatchNorm.batchNorm2d(2), "; for (N, C, D, H, W) volumes use BatchNorm3d", 2, 2, 2, 2, 2);
        assertHint(BatchNorm.batchNorm2d(2), "; pass (N, C, H, W)", 2, 2, 2, 2, 2, 2);
        assertHint(BatchNorm.batchNorm3d(2), "; for (N, C, H, W) images use BatchNorm2d", 2, 2, 2, 2);
        assertHint(BatchNorm.batchNorm3d(2), "; pass (N, C, D, H, W)", 2, 2, 2);
        assertHint(BatchNorm.builder(2), "; pass (N, C, *) with the channels in dimension 1", 2);
        assertEquals(4, BatchNorm.builder(2).build(Fixtures.SCALAR).forward(Fixtures.randn(rng, 2, 2), Mode.TRAIN)
                .size(), "(N, C) is the smallest input the generic BatchNorm takes");
    }

    private void assertHint(BatchNorm.Builder builder, String hint, int... dims) {
        NnException e = assertThrows(NnException.class, () -> builder.build(Fixtures.SCALAR)
                .forward(Fixtures.randn(rng, dims), Mode.TRAIN));
        assertTrue(e.getMessage().endsWith(hint), e.getMessage());
    }

    @Test
    void rankChecksFollowPyTorch() {
        NnException one = assertThrows(NnException.class, () -> BatchNorm.batchNorm1d(5).build(Fixtures.SCALAR)
                .forward(Fixtures.randn(rng, 2, 5, 3, 3), Mode.TRAIN));
        assertTrue(one.getMessage().startsWith("expected 2D or 3D input (got 4D input)"), one.getMessage());
        assertTrue(one.getMessage().contains("use BatchNorm2d"), one.getMessage());
        NnException two = assertThrows(NnException.class, () -> BatchNorm.batchNorm2d(5).build(Fixtures.SCALAR)
                .forward(Fixtures.randn(rng, 2, 5, 3), Mode.TRAIN));
        assertTrue(two.getMessage().startsWith("expected 4D input (got 3D input)"), two.getMessage());
        NnException three = assertThrows(NnException.class, () -> BatchNorm.batchNorm3d(5).build(Fixtures.SCALAR)
                .forward(Fixtures.randn(rng, 2, 5, 3, 3), Mode.TRAIN));
        assertTrue(three.getMessage().startsWith("expected 5D input (got 4D input)"), three.getMessage());
        // the generic layer takes any (N, C, *) input
        BatchNorm any = BatchNorm.builder(2).build(Fixtures.SCALAR);
        assertEquals(6 * 2 * 2 * 2 * 2 * 2, any.forward(Fixtures.randn(rng, 6, 2, 2, 2, 2, 2), Mode.TRAIN).size());
        assertThrows(NnException.class, () -> any.forward(Fixtures.randn(rng, 2), Mode.TRAIN));
    }

    @Test
    void backwardBeforeForwardIsExplained() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BatchNorm.batchNorm1d(2).build(Fixtures.SCALAR).backward(Fixtures.randn(rng, 2, 2)));
        assertTrue(e.getMessage().contains("before forward()"), e.getMessage());
    }
}
