package dev.nn.regularize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.ShapeException;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What the regularization layers and constraints owe their users besides the numbers: PyTorch's and Keras' reprs,
 * their settings, their buffers back to the backend on release, and the closed ends of each argument's range.
 */
class LayerContractTest {
    @Test
    void layersPrintAsPyTorchAndKerasNameThem() {
        NoiseSource noise = NoiseSource.of(1);
        assertEquals("Dropout(p=0.25)", new Dropout(0.25, noise).toString());
        assertEquals("AlphaDropout(p=0.1)", new AlphaDropout(0.1, noise).toString());
        assertEquals("Dropout1d(p=0.5)", new Dropout1d(0.5, noise).toString());
        assertEquals("Dropout2d(p=0.5)", new Dropout2d(0.5, noise).toString());
        assertEquals("Dropout3d(p=0.5)", new Dropout3d(0.5, noise).toString());
        assertEquals("FeatureAlphaDropout(p=0.2)", new FeatureAlphaDropout(0.2, noise).toString());
        assertEquals("GaussianDropout(rate=0.2)", new GaussianDropout(0.2, noise).toString());
        assertEquals("GaussianNoise(stddev=0.1)", new GaussianNoise(0.1, noise).toString());
        assertEquals("MaxNorm(3.0)", new MaxNorm(3).toString());
        assertEquals("L1Penalty", new L1Penalty(0.01).toString());
        assertEquals("L2Penalty", new L2Penalty(0.01).toString());
        assertEquals("DecoupledWeightDecay", new DecoupledWeightDecay(0.01).toString());
    }

    @Test
    void layersSayTheirSettings() {
        NoiseSource noise = NoiseSource.of(1);
        assertEquals(0.25, new Dropout(0.25, noise).p());
        assertEquals(0.3, new Dropout1d(0.3, noise).p());
        assertEquals(0.3, new Dropout2d(0.3, noise).p());
        assertEquals(0.3, new Dropout3d(0.3, noise).p());
        assertEquals(0.2, new FeatureAlphaDropout(0.2, noise).p());
        GaussianDropout gd = new GaussianDropout(0.2, noise);
        assertEquals(0.2, gd.rate());
        assertEquals(0.5f, gd.stddev(), "sqrt(0.2 / 0.8), Keras' GaussianDropout");
        assertEquals(0.1f, new GaussianNoise(0.1, noise).stddev());
        assertEquals(2f, new MaxNorm().maxValue(), "Keras' default max_value");
        assertEquals(1.25f, Dropout.scale(0.2), "1 / (1 - 0.2) in float32, what PyTorch multiplies kept units by");
        assertEquals(42, NoiseSource.of(42).seed());
        assertEquals(new SplittableRandom(7).nextLong(), NoiseSource.from(new SplittableRandom(7)).seed(),
                "one nextLong of the run's generator");
    }

    @Test
    void releaseReturnsEveryBufferToTheBackend() {
        NoiseSource noise = NoiseSource.of(3);
        // each with an input of a rank it takes: (N, C, L), (N, C, H, W), (N, C, D, H, W)
        Map<String, Supplier<Layer>> layers = new TreeMap<>(Map.of(
                "Dropout", () -> new Dropout(0.5, noise),
                "AlphaDropout", () -> new AlphaDropout(0.5, noise),
                "Dropout1d", () -> new Dropout1d(0.5, noise),
                "Dropout2d", () -> new Dropout2d(0.5, noise),
                "Dropout3d", () -> new Dropout3d(0.5, noise),
                "FeatureAlphaDropout", () -> new FeatureAlphaDropout(0.5, noise),
                "GaussianDropout", () -> new GaussianDropout(0.5, noise),
                "GaussianNoise", () -> new GaussianNoise(0.5, noise)));
        Map<String, int[]> dims = Map.of("Dropout1d", new int[] {2, 3, 4}, "Dropout2d", new int[] {2, 3, 2, 2});
        for (var e : layers.entrySet()) {
            Layer layer = e.getValue().get();
            int[] shape = dims.getOrDefault(e.getKey(), new int[] {2, 3, 2, 2, 2});
            Tensor x = Tensors.filled(1f, shape);
            Tensor g = Tensors.filled(1f, shape);
            long before = Tensors.SCALAR.memory().liveTensors();
            layer.forward(x, Mode.TRAIN);
            layer.backward(g);
            assertTrue(Tensors.SCALAR.memory().liveTensors() > before, e.getKey() + " holds its output");
            layer.release();
            assertEquals(before, Tensors.SCALAR.memory().liveTensors(), e.getKey() + " kept a buffer");
        }
    }

    @Test
    void theClosedEndsOfEachRangeAreAccepted() {
        NoiseSource noise = NoiseSource.of(1);
        Tensor x = Tensors.vector(1, -2, 3);
        // rate 0 and stddev 0 turn the noise off: training passes the input through unchanged
        assertArrayEquals(x.toArray(), new GaussianDropout(0, noise).forward(x, Mode.TRAIN).toArray());
        assertArrayEquals(x.toArray(), new GaussianNoise(0, noise).forward(x, Mode.TRAIN).toArray());
        assertThrows(IllegalArgumentException.class, () -> new GaussianDropout(1, noise),
                "rate 1 gives the noise an infinite std");
        // a learning rate of 0 (the end of a schedule) decays nothing
        Parameter w = weight(Shape.of(2), 4, -2);
        new DecoupledWeightDecay(0.5).apply(Map.of("w", w), 0);
        assertArrayEquals(new float[] {4, -2}, w.value().toArray());
        // a coefficient of 0 exempts a group, as the message says
        Parameter exempt = weight(Shape.of(2), 4, -2);
        new DecoupledWeightDecay(ParameterGroups.all(0))
                .apply(Map.of("w", exempt), 0.1);
        assertArrayEquals(new float[] {4, -2}, exempt.value().toArray());
    }

    @Test
    void maxNormLeavesWeightsOfRankOneAlone() {
        // a unit is a row of a matrix; a rank-1 WEIGHT (a norm layer's scale) has no units to bound
        Parameter scale = weight(Shape.of(2), 30, 40);
        Parameter matrix = weight(Shape.of(1, 2), 30, 40);
        new MaxNorm(5).applyToWeights(Map.of("norm.weight", scale, "fc.weight", matrix));
        assertArrayEquals(new float[] {30, 40}, scale.value().toArray());
        // norm 50 scaled to 5 (Keras: w * 5 / (1e-7 + 50))
        float factor = (float) (5 / (MaxNorm.EPSILON + 50.0));
        assertArrayEquals(new float[] {30 * factor, 40 * factor}, matrix.value().toArray(), 1e-5f);
    }

    private static Parameter weight(Shape shape, float... values) {
        return new Parameter("weight", ParameterRole.WEIGHT, Tensors.SCALAR.tensor(shape, values));
    }

    @Test
    void featureDropoutChecksTheRankOnlyWhenItDrawsAMask() {
        // ATen's _dropout_impl returns the input for p = 0 or an empty input, and input * 0 for p = 1, before
        // make_feature_noise checks for 2 dimensions
        NoiseSource noise = NoiseSource.of(1);
        Tensor vector = Tensors.vector(1, -2, 3);
        assertArrayEquals(vector.toArray(), new FeatureAlphaDropout(0, noise).forward(vector, Mode.TRAIN).toArray());
        assertArrayEquals(new float[] {0, -0f, 0}, new FeatureAlphaDropout(1, noise).forward(vector, Mode.TRAIN)
                .toArray());
        Tensor empty = Tensors.SCALAR.zeros(Shape.of(0));
        assertEquals(0, new FeatureAlphaDropout(0.5, noise).forward(empty, Mode.TRAIN).size());
        assertThrows(ShapeException.class, () -> new FeatureAlphaDropout(0.5, noise).forward(vector, Mode.TRAIN));
    }

    @Test
    void droppingEverythingMultipliesTheGradientByZero() {
        // the gradient of x * 0 is dy * 0: NaN stays NaN, a negative becomes -0.0 (PyTorch, p = 1)
        Dropout all = new Dropout(1, NoiseSource.of(1));
        all.forward(Tensors.vector(1, 2, 3), Mode.TRAIN);
        float[] dx = all.backward(Tensors.vector(Float.NaN, 1, -1)).toArray();
        assertArrayEquals(new float[] {Float.NaN, 0, -0f}, dx);
    }
}
