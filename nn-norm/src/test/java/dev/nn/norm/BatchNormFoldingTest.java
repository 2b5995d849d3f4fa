package dev.nn.norm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Conv2dGeometry;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.layer.Conv2d;
import dev.nn.core.layer.Linear;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Folding an eval-mode BatchNorm into the layer before it leaves the outputs unchanged. */
class BatchNormFoldingTest {
    private final RandomGenerator rng = Fixtures.random(99);

    /** A BatchNorm with trained-looking running statistics and affine parameters. */
    private BatchNorm trainedBatchNorm(BatchNorm.Builder builder, int c) {
        BatchNorm bn = builder.build(Fixtures.SCALAR);
        bn.weight().ifPresent(w -> w.set(Fixtures.normal(rng, c, 1, 0.5)));
        bn.bias().ifPresent(b -> b.set(Fixtures.normal(rng, c, 0, 0.5)));
        Fixtures.SCALAR.write(bn.runningMean().orElseThrow(), Fixtures.normal(rng, c, 0, 2));
        float[] var = Fixtures.normal(rng, c, 0, 1);
        for (int i = 0; i < c; i++) {
            var[i] = 0.1f + var[i] * var[i];
        }
        Fixtures.SCALAR.write(bn.runningVar().orElseThrow(), var);
        return bn;
    }

    private static void assertAllClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 + 1e-4 * Math.abs(expected[i]), "index " + i);
        }
    }

    @Test
    void linearThenBatchNormEqualsTheFoldedLinear() {
        Linear linear = new Linear(Fixtures.SCALAR, 6, 4, rng);
        BatchNorm bn = trainedBatchNorm(BatchNorm.batchNorm1d(4), 4);
        Tensor x = Fixtures.randn(rng, 5, 6);
        float[] before = bn.forward(linear.forward(x, Mode.EVAL), Mode.EVAL).toArray();

        var params = linear.namedParameters();
        BatchNormFolding.Folded folded = BatchNormFolding.fold(params.get("weight").value(),
                params.get("bias").value(), bn);
        params.get("weight").set(folded.weight());
        params.get("bias").set(folded.bias());
        assertAllClose(before, linear.forward(x, Mode.EVAL).toArray());
    }

    @Test
    void linearWithoutBiasAndBatchNormWithoutAffine() {
        Linear linear = new Linear(Fixtures.SCALAR, 3, 2, false, rng);
        BatchNorm bn = trainedBatchNorm(BatchNorm.batchNorm1d(2).optAffine(false), 2);
        Tensor x = Fixtures.randn(rng, 4, 3);
        float[] before = bn.forward(linear.forward(x, Mode.EVAL), Mode.EVAL).toArray();
        BatchNormFolding.Folded folded = BatchNormFolding.fold(linear.namedParameters().get("weight").value(),
                null, bn);
        // the folded layer needs a bias: compute x W'^T + b' directly
        float[] xs = x.toArray();
        float[] after = new float[4 * 2];
        for (int r = 0; r < 4; r++) {
            for (int o = 0; o < 2; o++) {
                double acc = folded.bias()[o];
                for (int j = 0; j < 3; j++) {
                    acc += (double) xs[r * 3 + j] * folded.weight()[o * 3 + j];
                }
                after[r * 2 + o] = (float) acc;
            }
        }
        assertAllClose(before, after);
    }

    @Test
    void conv2dThenBatchNorm2dEqualsTheFoldedConvolution() {
        Conv2d conv = new Conv2d(Fixtures.SCALAR, 3, 4, 3, 1, 1, rng);
        BatchNorm bn = trainedBatchNorm(BatchNorm.batchNorm2d(4), 4);
        Tensor x = Fixtures.randn(rng, 2, 3, 5, 5);
        float[] before = bn.forward(conv.forward(x, Mode.EVAL), Mode.EVAL).toArray();

        BatchNormFolding.Folded folded = BatchNormFolding.fold(conv.weight().value(), conv.bias().value(), bn);
        conv.weight().set(folded.weight());
        conv.bias().set(folded.bias());
        assertAllClose(before, conv.forward(x, Mode.EVAL).toArray());
    }

    @Test
    void groupedConvolutionWithoutBiasFoldsThroughTheConvolutionKernel() {
        Conv2d conv = Conv2d.builder(4, 6, 3).optGroups(2).optPadding(1).optBias(false).build(Fixtures.SCALAR, rng);
        BatchNorm bn = trainedBatchNorm(BatchNorm.batchNorm2d(6), 6);
        Tensor x = Fixtures.randn(rng, 2, 4, 4, 4);
        float[] before = bn.forward(conv.forward(x, Mode.EVAL), Mode.EVAL).toArray();

        BatchNormFolding.Folded folded = BatchNormFolding.fold(conv.weight().value(), null, bn);
        // the folded convolution needs the new bias, which this layer lacks: run the kernel directly
        var g = new Conv2dGeometry(2, 4, 4, 4, 6, 3, 3, 1, 1, 1, 1, 1, 1, 2);
        Tensor y = Fixtures.SCALAR.zeros(Shape.of(2, 6, g.outH(), g.outW()));
        Fixtures.SCALAR.conv2dForward(g, y, x, Fixtures.tensor(folded.weight(), 6, 2, 3, 3),
                Fixtures.tensor(folded.bias(), 6));
        assertAllClose(before, y.toArray());
    }

    @Test
    void refusesWhatCannotBeFolded() {
        BatchNorm noStats = BatchNorm.batchNorm1d(2).optTrackRunningStats(false).build(Fixtures.SCALAR);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchNormFolding.fold(new float[4], 2, null, noStats));
        assertTrue(e.getMessage().contains("cannot be folded"), e.getMessage());
        BatchNorm bn = BatchNorm.batchNorm1d(3).build(Fixtures.SCALAR);
        RuntimeException mismatch = assertThrows(RuntimeException.class,
                () -> BatchNormFolding.fold(new float[8], 2, null, bn));
        assertTrue(mismatch.getMessage().contains("out_features/out_channels (2)"), mismatch.getMessage());
        assertThrows(RuntimeException.class, () -> BatchNormFolding.fold(new float[7], 3, null, bn));
        assertThrows(RuntimeException.class, () -> BatchNormFolding.fold(new float[6], 3, new float[2], bn));
    }
}
