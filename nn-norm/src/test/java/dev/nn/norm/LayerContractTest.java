package dev.nn.norm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.ShapeException;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.norm.Normalizations;
import dev.nn.api.spi.NormalizationProvider;
import dev.nn.api.spi.Params;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What every norm layer owes its users besides the numbers: PyTorch's repr, the saved statistics of the last
 * forward (and a clear error before one), its buffers back to the backend on release, and argument checks at the
 * closed ends of each range.
 */
class LayerContractTest {
    private static final double EPS = 1e-5;

    @Test
    void layersPrintAsPyTorchReprsThem() {
        assertEquals("BatchNorm1d(4, eps=1.0E-5, momentum=0.1, affine=true, track_running_stats=true)",
                BatchNorm.batchNorm1d(4).build(Fixtures.SCALAR).toString());
        assertEquals("BatchNorm2d(3, eps=0.001, momentum=null, affine=false, track_running_stats=false)",
                BatchNorm.batchNorm2d(3).optEps(1e-3).optMomentum(null).optAffine(false)
                        .optTrackRunningStats(false).build(Fixtures.SCALAR).toString());
        assertEquals("BatchNorm3d(2, eps=1.0E-5, momentum=0.1, affine=true, track_running_stats=true, frozen)",
                BatchNorm.batchNorm3d(2).build(Fixtures.SCALAR).freezeStatistics(true).toString());
        assertEquals("GroupNorm(2, 4, eps=1.0E-5, affine=true)", new GroupNorm(Fixtures.SCALAR, 2, 4).toString());
        assertEquals("GroupNorm(1, 3, eps=0.001, affine=false)",
                new GroupNorm(Fixtures.SCALAR, 1, 3, 1e-3, false).toString());
        assertEquals("InstanceNorm2d(3, eps=1.0E-5, momentum=0.1, affine=false, track_running_stats=false)",
                InstanceNorm.instanceNorm2d(3).build(Fixtures.SCALAR).toString());
        assertEquals("InstanceNorm1d(3, eps=1.0E-5, momentum=0.1, affine=true, track_running_stats=true)",
                InstanceNorm.instanceNorm1d(3).optAffine(true).optTrackRunningStats(true).build(Fixtures.SCALAR)
                        .toString());
        assertEquals("LayerNorm([2, 3], eps=1.0E-5, elementwise_affine=true, bias=true)",
                new LayerNorm(Fixtures.SCALAR, 2, 3).toString());
        assertEquals("LayerNorm([4], eps=1.0E-5, elementwise_affine=false, bias=false)",
                new LayerNorm(Fixtures.SCALAR, new int[] {4}, EPS, false, true).toString());
        assertEquals("RMSNorm([3], eps=1.1920929E-7, elementwise_affine=true)",
                new RMSNorm(Fixtures.SCALAR, 3).toString());
        assertEquals("RMSNorm([3], eps=1.0E-6, elementwise_affine=false)",
                new RMSNorm(Fixtures.SCALAR, new int[] {3}, 1e-6, false).toString());
    }

    @Test
    void layersSayTheirKindAndSettings() {
        assertEquals("LayerNorm", new LayerNorm(Fixtures.SCALAR, 4).kind());
        assertEquals("RMSNorm", new RMSNorm(Fixtures.SCALAR, 4).kind());
        assertEquals("GroupNorm", new GroupNorm(Fixtures.SCALAR, 2, 4).kind());
        InstanceNorm in = InstanceNorm.instanceNorm3d(5).build(Fixtures.SCALAR);
        assertEquals("InstanceNorm3d", in.kind());
        assertEquals(InstanceNorm.Variant.INSTANCE_NORM_3D, in.variant());
        assertEquals(5, in.numFeatures());
        GroupNorm gn = new GroupNorm(Fixtures.SCALAR, 2, 6);
        assertEquals(2, gn.numGroups());
        assertEquals(6, gn.numChannels());
        LayerNorm ln = new LayerNorm(Fixtures.SCALAR, new int[] {2, 3}, 1e-3, true, true);
        assertArrayEquals(new int[] {2, 3}, ln.normalizedShape());
        assertEquals(1e-3f, ln.eps());
        BatchNorm bn = BatchNorm.batchNorm2d(3).optAffine(false).build(Fixtures.SCALAR);
        assertEquals(BatchNorm.Variant.BATCH_NORM_2D, bn.variant());
        assertEquals("BatchNorm2d", bn.variant().className());
        assertEquals("InstanceNorm1d", InstanceNorm.Variant.INSTANCE_NORM_1D.className());
        assertFalse(bn.affine());
        assertTrue(BatchNorm.batchNorm1d(3).build(Fixtures.SCALAR).affine());
        assertEquals(Optional.of(0.1), bn.momentum());
        assertFalse(bn.statisticsFrozen(), "statistics update until frozen");
    }

    @Test
    void theLastStatisticsAreThoseOfTheLastForward() {
        // rows [1, 2, 3] and [4, 6, 8]: means 2 and 6, biased variances 2/3 and 8/3
        LayerNorm ln = new LayerNorm(Fixtures.SCALAR, 3);
        ln.forward(Fixtures.tensor(new float[] {1, 2, 3, 4, 6, 8}, 2, 3), Mode.TRAIN);
        assertArrayEquals(new float[] {2, 6}, ln.lastMean().toArray(), 1e-6f);
        assertArrayEquals(new float[] {rstd(2.0 / 3), rstd(8.0 / 3)}, ln.lastRstd().toArray(), 1e-6f);
        // channels {1, 3} and {5, 9} of one sample form the two groups: means 2 and 7, variances 1 and 4
        GroupNorm gn = new GroupNorm(Fixtures.SCALAR, 2, 4);
        gn.forward(Fixtures.tensor(new float[] {1, 3, 5, 9}, 1, 4), Mode.TRAIN);
        assertArrayEquals(new float[] {2, 7}, gn.lastMean().toArray(), 1e-6f);
        assertArrayEquals(new float[] {rstd(1), rstd(4)}, gn.lastRstd().toArray(), 1e-6f);
        // channel 0 sees {1, 3}, channel 1 sees {2, 6}: variances 1 and 4
        BatchNorm bn = BatchNorm.batchNorm1d(2).build(Fixtures.SCALAR);
        bn.forward(Fixtures.tensor(new float[] {1, 2, 3, 6}, 2, 2), Mode.TRAIN);
        assertArrayEquals(new float[] {2, 4}, bn.lastMean().toArray(), 1e-6f);
        assertArrayEquals(new float[] {rstd(1), rstd(4)}, bn.lastInvstd().toArray(), 1e-6f);
    }

    @Test
    void statisticsAskedForBeforeAForwardAreAClearError() {
        assertNoForwardYet("LayerNorm([3])", new LayerNorm(Fixtures.SCALAR, 3)::lastMean);
        assertNoForwardYet("LayerNorm([3])", new LayerNorm(Fixtures.SCALAR, 3)::lastRstd);
        assertNoForwardYet("GroupNorm(num_groups=2, num_channels=4)", new GroupNorm(Fixtures.SCALAR, 2, 4)::lastMean);
        assertNoForwardYet("GroupNorm(num_groups=2, num_channels=4)", new GroupNorm(Fixtures.SCALAR, 2, 4)::lastRstd);
        BatchNorm bn = BatchNorm.batchNorm1d(2).build(Fixtures.SCALAR);
        assertNoForwardYet("BatchNorm1d(num_features=2)", bn::lastMean);
        assertNoForwardYet("BatchNorm1d(num_features=2)", bn::lastInvstd);
        assertNoForwardYet("RMSNorm([3])", () -> new RMSNorm(Fixtures.SCALAR, 3).backward(
                Fixtures.tensor(new float[3], 1, 3)));
        assertNoForwardYet("InstanceNorm1d(num_features=2)", () -> InstanceNorm.instanceNorm1d(2)
                .build(Fixtures.SCALAR).backward(Fixtures.tensor(new float[4], 1, 2, 2)));
    }

    @Test
    void aGradientOfAnotherShapeIsRefused() {
        LayerNorm ln = new LayerNorm(Fixtures.SCALAR, 3);
        ln.forward(Fixtures.tensor(new float[6], 2, 3), Mode.TRAIN);
        ShapeException e = assertThrows(ShapeException.class, () -> ln.backward(Fixtures.tensor(new float[3], 1, 3)));
        assertEquals("LayerNorm([3]): gradOutput has shape " + Shape.of(1, 3) + " but the last forward output had"
                + " shape " + Shape.of(2, 3) + "; pass the gradient of that output", e.getMessage());
    }

    @Test
    void releaseReturnsEveryBufferToTheBackend() {
        Map<String, Supplier<Layer>> layers = new TreeMap<>(Map.of(
                "BatchNorm1d", () -> BatchNorm.batchNorm1d(4).build(Fixtures.SCALAR),
                "GroupNorm", () -> new GroupNorm(Fixtures.SCALAR, 2, 4),
                "InstanceNorm1d", () -> InstanceNorm.instanceNorm1d(4).build(Fixtures.SCALAR),
                "LayerNorm", () -> new LayerNorm(Fixtures.SCALAR, 5),
                "RMSNorm", () -> new RMSNorm(Fixtures.SCALAR, 5)));
        for (var e : layers.entrySet()) {
            Layer layer = e.getValue().get();
            Tensor x = Fixtures.randn(Fixtures.random(3), 3, 4, 5);
            Tensor g = Fixtures.randn(Fixtures.random(4), 3, 4, 5);
            long before = Fixtures.SCALAR.memory().liveTensors();
            layer.forward(x, Mode.TRAIN);
            layer.backward(g);
            assertTrue(Fixtures.SCALAR.memory().liveTensors() > before, e.getKey() + " holds its output");
            layer.release();
            assertEquals(before, Fixtures.SCALAR.memory().liveTensors(), e.getKey() + " kept a buffer");
        }
    }

    @Test
    void argumentsAreCheckedAtTheEndsOfTheirRanges() {
        assertRefused("GroupNorm: num_groups must be a positive integer, got 0",
                () -> new GroupNorm(Fixtures.SCALAR, 0, 4));
        assertRefused("GroupNorm: num_channels must be a positive integer, got 0",
                () -> new GroupNorm(Fixtures.SCALAR, 2, 0));
        assertRefused("num_channels must be divisible by num_groups: GroupNorm(num_groups=3, num_channels=4) leaves"
                + " 1 channel(s) without a group; choose num_groups among the divisors of 4: 1, 2, 4",
                () -> new GroupNorm(Fixtures.SCALAR, 3, 4));
        assertRefused("BatchNorm1d(num_features=0): num_features must be a positive integer, got 0",
                () -> BatchNorm.batchNorm1d(0));
        assertRefused("InstanceNorm2d: num_features must be a positive integer, got 0",
                () -> InstanceNorm.instanceNorm2d(0));
        assertRefused("LayerNorm: every normalized_shape dimension must be a positive integer, got 0",
                () -> new LayerNorm(Fixtures.SCALAR, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(Fixtures.SCALAR, new int[] {3}, 0, true,
                true), "eps = 0 divides by zero for a constant row");
        // momentum 0 (never update) and 1 (keep only the last batch) are both valid, as are Keras' 0 and 1
        assertEquals(Optional.of(0.0), BatchNorm.batchNorm1d(2).optMomentum(0.0).build(Fixtures.SCALAR).momentum());
        assertEquals(Optional.of(1.0), BatchNorm.batchNorm1d(2).optMomentum(1.0).build(Fixtures.SCALAR).momentum());
        assertEquals(1.0, BatchNorm.fromKerasMomentum(0));
        assertEquals(0.0, BatchNorm.fromKerasMomentum(1));
    }

    @Test
    void anInputOfExactlyTheNormalizedRankIsOneRow() {
        // PyTorch: LayerNorm(3)(torch.tensor([1., 2., 3.])) normalizes the one row
        float[] y = new LayerNorm(Fixtures.SCALAR, 3).forward(Fixtures.tensor(new float[] {1, 2, 3}, 3), Mode.TRAIN)
                .toArray();
        float r = rstd(2.0 / 3);
        assertArrayEquals(new float[] {-r, 0, r}, y, 1e-6f);
        ShapeException two = assertThrows(ShapeException.class, () -> new LayerNorm(Fixtures.SCALAR, 2, 3)
                .forward(Fixtures.tensor(new float[6], 3, 2), Mode.TRAIN));
        assertTrue(two.getMessage().contains("normalizes over the last 2 dimensions of its input"), two.getMessage());
        ShapeException one = assertThrows(ShapeException.class, () -> new LayerNorm(Fixtures.SCALAR, 3)
                .forward(Fixtures.tensor(new float[4], 4), Mode.TRAIN));
        assertTrue(one.getMessage().contains("normalizes over the last 1 dimension of its input"), one.getMessage());
    }

    @Test
    void providersSayTheirNameAndParametersAndRejectOthers() {
        Map<String, Set<String>> parameters = new TreeMap<>();
        for (NormalizationProvider p : Normalizations.registry().all().values()) {
            parameters.put(p.name(), p.parameterNames());
        }
        assertEquals(Set.of("batch_norm", "group_norm", "instance_norm", "layer_norm", "rms_norm"),
                parameters.keySet());
        assertEquals(Set.of("num_groups", "num_channels", "eps", "affine"), parameters.get("group_norm"));
        assertTrue(parameters.get("batch_norm").containsAll(List.of("num_features", "dims", "momentum", "eps")));
        assertTrue(parameters.get("instance_norm").containsAll(List.of("num_features", "dims", "affine")));
        assertTrue(parameters.get("layer_norm").contains("normalized_shape"));
        assertTrue(parameters.get("rms_norm").contains("normalized_shape"));
        Map<String, Params> valid = Map.of(
                "group_norm", Params.of("num_groups", 2, "num_channels", 4, "typo", 1),
                "instance_norm", Params.of("num_features", 3, "dims", 1, "typo", 1),
                "layer_norm", Params.of("normalized_shape", 3, "typo", 1),
                "rms_norm", Params.of("normalized_shape", 3, "typo", 1));
        for (var e : valid.entrySet()) {
            IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                    () -> Normalizations.create(e.getKey(), Fixtures.SCALAR, e.getValue()), e.getKey());
            assertTrue(typo.getMessage().contains("Unknown parameter 'typo'"), typo.getMessage());
        }
    }

    private static float rstd(double variance) {
        return (float) (1 / Math.sqrt(variance + EPS));
    }

    private static void assertNoForwardYet(String owner, Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertTrue(e.getMessage().startsWith(owner + ": backward() was called before forward()"), e.getMessage());
    }

    private static void assertRefused(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
