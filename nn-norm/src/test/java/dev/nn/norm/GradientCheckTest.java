package dev.nn.norm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Finite-difference checks of every layer's backward pass, inputs and parameters, on small inputs. */
class GradientCheckTest {
    private final RandomGenerator rng = Fixtures.random(20261127L);

    /** Non-trivial affine parameters, so a missing weight factor in dx cannot hide behind weight = 1. */
    private Layer randomizeParameters(Layer layer) {
        layer.ownParameters().forEach(p -> p.set(Fixtures.normal(rng, p.value().size(), 1, 0.5)));
        return layer;
    }

    private void check(Layer layer, Tensor x, Mode mode) {
        double worst = GradientCheck.check(randomizeParameters(layer), x, mode, rng);
        // measured: at most 3e-4 (InstanceNorm1d), mostly below 1e-4
        assertTrue(worst < 1e-3, layer + " worst difference " + worst);
    }

    @Test
    void batchNormTrainingGradientFlowsThroughBatchStatistics() {
        check(BatchNorm.batchNorm1d(3).build(Fixtures.SCALAR), Fixtures.randn(rng, 4, 3), Mode.TRAIN);
        check(BatchNorm.batchNorm1d(2).build(Fixtures.SCALAR), Fixtures.randn(rng, 2, 2, 3), Mode.TRAIN);
        check(BatchNorm.batchNorm2d(2).build(Fixtures.SCALAR), Fixtures.randn(rng, 2, 2, 2, 2), Mode.TRAIN);
        check(BatchNorm.batchNorm3d(2).optAffine(false).build(Fixtures.SCALAR), Fixtures.randn(rng, 2, 2, 1, 2, 2),
                Mode.TRAIN);
    }

    @Test
    void batchNormEvalGradientTreatsRunningStatisticsAsConstants() {
        BatchNorm bn = BatchNorm.batchNorm2d(3).build(Fixtures.SCALAR);
        Fixtures.SCALAR.write(bn.runningMean().orElseThrow(), new float[] {0.5f, -1f, 0.2f});
        Fixtures.SCALAR.write(bn.runningVar().orElseThrow(), new float[] {2f, 0.5f, 1.5f});
        check(bn, Fixtures.randn(rng, 2, 3, 2, 2), Mode.EVAL);
    }

    @Test
    void batchNormWithoutRunningStatisticsUsesBatchGradientInEval() {
        check(BatchNorm.batchNorm1d(3).optTrackRunningStats(false).build(Fixtures.SCALAR),
                Fixtures.randn(rng, 5, 3), Mode.EVAL);
    }

    @Test
    void frozenBatchNormGradientTreatsRunningStatisticsAsConstants() {
        BatchNorm bn = BatchNorm.batchNorm1d(3).build(Fixtures.SCALAR).freezeStatistics(true);
        Fixtures.SCALAR.write(bn.runningVar().orElseThrow(), new float[] {2f, 0.5f, 1.5f});
        check(bn, Fixtures.randn(rng, 4, 3), Mode.TRAIN);
    }

    @Test
    void layerNorm() {
        check(new LayerNorm(Fixtures.SCALAR, 5), Fixtures.randn(rng, 3, 5), Mode.TRAIN);
        check(new LayerNorm(Fixtures.SCALAR, 2, 3), Fixtures.randn(rng, 2, 2, 3), Mode.EVAL);
        check(new LayerNorm(Fixtures.SCALAR, new int[] {4}, 1e-5, true, false), Fixtures.randn(rng, 3, 4),
                Mode.TRAIN);
        check(new LayerNorm(Fixtures.SCALAR, new int[] {4}, 1e-3, false, false), Fixtures.randn(rng, 3, 4),
                Mode.TRAIN);
    }

    @Test
    void groupNorm() {
        check(new GroupNorm(Fixtures.SCALAR, 2, 4), Fixtures.randn(rng, 2, 4, 3), Mode.TRAIN);
        check(new GroupNorm(Fixtures.SCALAR, 1, 3), Fixtures.randn(rng, 2, 3, 2, 2), Mode.EVAL);
        check(new GroupNorm(Fixtures.SCALAR, 3, 3, 1e-5, false), Fixtures.randn(rng, 2, 3, 4), Mode.TRAIN);
    }

    @Test
    void instanceNorm() {
        check(InstanceNorm.instanceNorm1d(3).optAffine(true).build(Fixtures.SCALAR), Fixtures.randn(rng, 2, 3, 4),
                Mode.TRAIN);
        check(InstanceNorm.instanceNorm2d(2).build(Fixtures.SCALAR), Fixtures.randn(rng, 2, 2, 2, 3), Mode.TRAIN);
        check(InstanceNorm.instanceNorm1d(3).build(Fixtures.SCALAR), Fixtures.randn(rng, 3, 5), Mode.TRAIN);
    }

    @Test
    void instanceNormEvalWithRunningStatistics() {
        InstanceNorm in = InstanceNorm.instanceNorm1d(2).optAffine(true).optTrackRunningStats(true)
                .build(Fixtures.SCALAR);
        in.forward(Fixtures.tensor(Fixtures.normal(rng, 2 * 2 * 6, 1, 2), 2, 2, 6), Mode.TRAIN);
        check(in, Fixtures.randn(rng, 2, 2, 4), Mode.EVAL);
    }

    @Test
    void rmsNorm() {
        check(new RMSNorm(Fixtures.SCALAR, 4), Fixtures.randn(rng, 3, 4), Mode.TRAIN);
        check(new RMSNorm(Fixtures.SCALAR, new int[] {2, 3}, 1e-5, false), Fixtures.randn(rng, 2, 2, 3), Mode.TRAIN);
    }
}
