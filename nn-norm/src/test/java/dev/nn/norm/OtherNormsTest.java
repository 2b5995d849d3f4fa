package dev.nn.norm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.NnException;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** LayerNorm, GroupNorm, InstanceNorm and RMSNorm: float64 references, defaults and error messages. */
class OtherNormsTest {
    private final RandomGenerator rng = Fixtures.random(11);

    @Test
    void rmsNormMatchesAFloat64Reference() {
        int rows = 4;
        int cols = 6;
        float[] x = Fixtures.normal(rng, rows * cols, 0.3, 2);
        float[] w = Fixtures.normal(rng, cols, 1, 0.3);
        RMSNorm norm = new RMSNorm(Fixtures.SCALAR, new int[] {cols}, 1e-6, true);
        norm.ownParameters().getFirst().set(w);
        float[] y = norm.forward(Fixtures.tensor(x, rows, cols), Mode.TRAIN).toArray();
        for (int r = 0; r < rows; r++) {
            double ms = 0;
            for (int j = 0; j < cols; j++) {
                ms += (double) x[r * cols + j] * x[r * cols + j] / cols;
            }
            for (int j = 0; j < cols; j++) {
                double expected = x[r * cols + j] / Math.sqrt(ms + 1e-6) * w[j];
                assertEquals(expected, y[r * cols + j], 1e-6 * Math.max(1, Math.abs(expected)));
            }
        }
    }

    @Test
    void rmsNormDefaultEpsIsFloat32MachineEpsilon() {
        RMSNorm norm = new RMSNorm(Fixtures.SCALAR, 3);
        assertEquals(1.1920928955078125e-07, norm.eps(), 0.0, "torch.finfo(torch.float32).eps = 2^-23");
        // tiny inputs make eps visible: 1e-4 / sqrt(1e-8 + 2^-23)
        float[] y = norm.forward(Fixtures.tensor(new float[] {1e-4f, 1e-4f, 1e-4f}, 1, 3), Mode.EVAL).toArray();
        double expected = 1e-4f / Math.sqrt((double) 1e-4f * 1e-4f + Math.pow(2, -23));
        assertEquals(expected, y[0], 1e-6);
        assertEquals(List.of("weight"), norm.ownParameters().stream().map(p -> p.name()).toList());
    }

    @Test
    void layerNormOverTrailingDimensionsIsPerSample() {
        LayerNorm ln = new LayerNorm(Fixtures.SCALAR, new int[] {2, 3}, 1e-5, true, false);
        assertEquals(List.of("weight"), ln.ownParameters().stream().map(p -> p.name()).toList(), "bias=false");
        float[] x = Fixtures.normal(rng, 2 * 2 * 3, 4, 3);
        float[] y = ln.forward(Fixtures.tensor(x, 2, 2, 3), Mode.TRAIN).toArray();
        for (int s = 0; s < 2; s++) {
            double mean = 0;
            double var = 0;
            for (int j = 0; j < 6; j++) {
                mean += x[s * 6 + j] / 6.0;
            }
            for (int j = 0; j < 6; j++) {
                var += (x[s * 6 + j] - mean) * (x[s * 6 + j] - mean) / 6.0;
            }
            for (int j = 0; j < 6; j++) {
                assertEquals((x[s * 6 + j] - mean) / Math.sqrt(var + 1e-5), y[s * 6 + j], 2e-6);
            }
        }
    }

    @Test
    void layerNormShapeMismatchQuotesPyTorch() {
        NnException e = assertThrows(NnException.class,
                () -> new LayerNorm(Fixtures.SCALAR, 5).forward(Fixtures.randn(rng, 4, 6), Mode.TRAIN));
        assertTrue(e.getMessage().startsWith("Given normalized_shape=[5], expected input with shape [*, 5], but got "
                + "input of size[4, 6]"), e.getMessage());
        assertTrue(e.getMessage().contains("e.g. [6]"), e.getMessage());
        NnException small = assertThrows(NnException.class,
                () -> new LayerNorm(Fixtures.SCALAR, 4, 3, 5).forward(Fixtures.randn(rng, 3, 5), Mode.TRAIN));
        assertTrue(small.getMessage().contains("[*, 4, 3, 5]"), small.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(Fixtures.SCALAR));
    }

    @Test
    void groupNormChecksDivisibilityAndChannels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GroupNorm(Fixtures.SCALAR, 3, 8));
        assertTrue(e.getMessage().startsWith("num_channels must be divisible by num_groups"), e.getMessage());
        assertTrue(e.getMessage().contains("divisors of 8: 1, 2, 4, 8"), e.getMessage());
        NnException c = assertThrows(NnException.class, () -> new GroupNorm(Fixtures.SCALAR, 2, 4, 1e-5, false)
                .forward(Fixtures.randn(rng, 2, 6, 3), Mode.TRAIN));
        assertTrue(c.getMessage().contains("Expected weight to be a vector of size equal to the number of channels"),
                c.getMessage());
    }

    @Test
    void groupNormWithOneGroupPerChannelIsInstanceNorm() {
        Tensor x = Fixtures.randn(rng, 3, 4, 5);
        float[] gn = new GroupNorm(Fixtures.SCALAR, 4, 4).forward(x, Mode.TRAIN).toArray();
        float[] in = InstanceNorm.instanceNorm1d(4).build(Fixtures.SCALAR).forward(x, Mode.TRAIN).toArray();
        assertArrayEquals(gn, in);
    }

    @Test
    void instanceNormDefaultsAndUnbatchedInput() {
        InstanceNorm in = InstanceNorm.instanceNorm1d(3).build(Fixtures.SCALAR);
        assertTrue(in.ownParameters().isEmpty(), "PyTorch default affine=false");
        assertTrue(in.ownBuffers().isEmpty(), "PyTorch default track_running_stats=false");
        Tensor batched = Fixtures.randn(rng, 1, 3, 6);
        float[] expected = in.forward(batched, Mode.TRAIN).toArray();
        Tensor unbatched = Fixtures.tensor(batched.toArray(), 3, 6);
        Tensor y = in.forward(unbatched, Mode.EVAL);
        assertArrayEquals(new int[] {3, 6}, y.shape().toArray());
        assertArrayEquals(expected, y.toArray(), "(C, L) is one sample; eval without running stats = train");
    }

    @Test
    void instanceNormErrors() {
        NnException single = assertThrows(NnException.class, () -> InstanceNorm.instanceNorm2d(3)
                .build(Fixtures.SCALAR).forward(Fixtures.randn(rng, 2, 3, 1, 1), Mode.TRAIN));
        assertTrue(single.getMessage().startsWith("Expected more than 1 spatial element when training, got input "
                + "size [2, 3, 1, 1]"), single.getMessage());
        NnException rank = assertThrows(NnException.class, () -> InstanceNorm.instanceNorm2d(3)
                .build(Fixtures.SCALAR).forward(Fixtures.randn(rng, 2, 3), Mode.TRAIN));
        assertTrue(rank.getMessage().startsWith("expected 3D or 4D input (got 2D input)"), rank.getMessage());
        NnException channels = assertThrows(NnException.class, () -> InstanceNorm.instanceNorm1d(3)
                .build(Fixtures.SCALAR).forward(Fixtures.randn(rng, 2, 4, 5), Mode.TRAIN));
        assertTrue(channels.getMessage().contains("to match num_features (3), but got: 4"), channels.getMessage());
        IllegalArgumentException momentum = assertThrows(IllegalArgumentException.class, () -> InstanceNorm
                .instanceNorm1d(3).optTrackRunningStats(true).optMomentum(null).build(Fixtures.SCALAR));
        assertTrue(momentum.getMessage().contains("momentum=null"), momentum.getMessage());
    }

    @Test
    void instanceNormRunningStatisticsAverageInstancesAndLeaveTheCounterAlone() {
        InstanceNorm in = InstanceNorm.instanceNorm1d(1).optTrackRunningStats(true).build(Fixtures.SCALAR);
        // two instances of one channel: means 1 and 3, unbiased variances 1 and 4
        in.forward(Fixtures.tensor(new float[] {0f, 1f, 2f, 1f, 3f, 5f}, 2, 1, 3), Mode.TRAIN);
        assertEquals(0.1 * 2, in.runningMean().orElseThrow().toArray()[0], 1e-7);
        assertEquals(0.9 + 0.1 * 2.5, in.runningVar().orElseThrow().toArray()[0], 1e-6);
        assertEquals(List.of("running_mean", "running_var"), List.copyOf(in.ownBuffers().keySet()));
        assertEquals(0L, in.ownCounters().get("num_batches_tracked").get());
        // eval uses the running statistics
        float[] y = in.forward(Fixtures.tensor(new float[] {1f, 2f}, 1, 1, 2), Mode.EVAL).toArray();
        assertEquals((1 - 0.2) / Math.sqrt(1.15 + 1e-5), y[0], 1e-6);
    }
}
