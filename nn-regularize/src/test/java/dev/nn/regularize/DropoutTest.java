package dev.nn.regularize;

import static dev.nn.regularize.Tensors.SCALAR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.NoiseKey;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DropoutTest {
    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.3, 0.5, 0.9})
    void keptFractionIsOneMinusPWithinFiveSigma(double p) {
        int n = 200_000;
        Tensor y = new Dropout(p, NoiseSource.of(11)).forward(Tensors.filled(1f, n), Mode.TRAIN);
        long kept = n - Tensors.zeros(y.toArray());
        assertTrue(Tensors.withinBinomial(kept, n, 1 - p, 5), "kept " + kept + " of " + n + " at p=" + p);
    }

    @Test
    void keptValuesAreXTimesFloat32ScaleAndDroppedAreXTimesZero() {
        // scale_f32 for p = 0.1 from golden/dropout_facts.json (PyTorch): float32(1/(1-p)), not 1/float32(1-p)
        float scale = 1.1111111640930176f;
        Tensor x = Tensors.ramp(4096);
        Tensor y = new Dropout(0.1, NoiseSource.of(3)).forward(x, Mode.TRAIN);
        float[] xs = x.toArray();
        float[] ys = y.toArray();
        int kept = 0;
        for (int i = 0; i < xs.length; i++) {
            boolean isKept = Float.floatToRawIntBits(ys[i]) == Float.floatToRawIntBits(xs[i] * scale);
            boolean isDropped = Float.floatToRawIntBits(ys[i]) == Float.floatToRawIntBits(xs[i] * 0f);
            assertTrue(isKept || isDropped, "y[" + i + "] = " + ys[i] + " for x = " + xs[i]);
            kept += isKept && xs[i] != 0f ? 1 : 0;
        }
        assertTrue(kept > 3000, "most values are kept at p = 0.1, got " + kept);
    }

    @Test
    void expectationIsTheInputOverManySteps() {
        // E[y_i] = x_i; over T steps the mean of y_i has sd |x_i| sqrt(p/(1-p)/T)
        double p = 0.4;
        int steps = 4000;
        Tensor x = Tensors.ramp(64);
        float[] xs = x.toArray();
        double[] sum = new double[xs.length];
        Dropout d = new Dropout(p, NoiseSource.of(5));
        for (int t = 0; t < steps; t++) {
            float[] y = d.forward(x, Mode.TRAIN).toArray();
            for (int i = 0; i < y.length; i++) {
                sum[i] += y[i];
            }
        }
        for (int i = 0; i < xs.length; i++) {
            double sd = Math.abs(xs[i]) * Math.sqrt(p / (1 - p) / steps);
            assertEquals(xs[i], sum[i] / steps, 5 * sd + 1e-12, "element " + i);
        }
    }

    @Test
    void evalModeAndPZeroReturnTheInputUnchanged() {
        Tensor x = Tensors.vector(1.5f, -2f, 0f, Float.NaN, Float.POSITIVE_INFINITY, -3.25f);
        Dropout half = new Dropout(0.5, NoiseSource.of(1));
        assertSame(x, half.forward(x, Mode.EVAL));
        Tensor dy = Tensors.ramp(6);
        assertSame(dy, half.backward(dy), "eval backward passes the gradient through");
        assertSame(x, new Dropout(0.0, NoiseSource.of(1)).forward(x, Mode.TRAIN));
        assertSame(x, new Dropout(1.0, NoiseSource.of(1)).forward(x, Mode.EVAL));
    }

    @Test
    void pOneMultipliesByZeroLikePyTorch() {
        Tensor x = Tensors.vector(1.5f, -2f, 0f, Float.NaN, Float.POSITIVE_INFINITY, -3.25f);
        Dropout all = new Dropout(1.0, NoiseSource.of(1));
        float[] y = all.forward(x, Mode.TRAIN).toArray();
        // golden/dropout_facts.json: F.dropout(x, p=1.0, training=True)
        float[] expected = {0f, -0f, 0f, Float.NaN, Float.NaN, -0f};
        for (int i = 0; i < y.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(y[i]), "element " + i);
        }
        float[] dx = all.backward(Tensors.filled(1f, 6)).toArray();
        assertArrayEquals(new float[6], dx);
    }

    @Test
    void probabilityOutsideZeroOneIsPyTorchsValueError() {
        for (double p : new double[] {1.5, -0.1}) {
            var e = assertThrows(IllegalArgumentException.class, () -> new Dropout(p, NoiseSource.of(1)));
            assertTrue(e.getMessage().contains("dropout probability has to be between 0 and 1, but got " + p),
                    e.getMessage());
            assertTrue(e.getMessage().contains("DROPPING"), "the message says what p means: " + e.getMessage());
        }
        // PyTorch prints p with Python's repr (torch 1.13: F.dropout(x, p) for each of these values)
        String[][] spelled = {{"-1e-05", "-1.0E-5"}, {"2.0", "2.0"}, {"-0.0001", "-1.0E-4"}, {"1e+16", "1.0E16"},
            {"12345678.0", "1.2345678E7"}, {"nan", "NaN"}};
        for (String[] pair : spelled) {
            double p = Double.parseDouble(pair[1]);
            var e = assertThrows(IllegalArgumentException.class, () -> new Dropout(p, NoiseSource.of(1)));
            assertTrue(e.getMessage().startsWith("dropout probability has to be between 0 and 1, but got " + pair[0]
                    + " "), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Dropout2d(1.5, NoiseSource.of(1)));
        assertThrows(IllegalArgumentException.class, () -> new AlphaDropout(-0.1, NoiseSource.of(1)));
    }

    @Test
    void backwardIsDyTimesTheForwardMask() {
        double p = 0.3;
        float scale = 1.4285714626312256f;          // golden scale_f32 for p = 0.3
        Dropout d = new Dropout(p, NoiseSource.of(9));
        Tensor x = Tensors.filled(1f, 3, 5, 7);
        float[] y = d.forward(x, Mode.TRAIN).toArray();
        Tensor dy = Tensors.ramp(3, 5, 7);
        float[] dys = dy.toArray();
        float[] dx = d.backward(dy).toArray();
        for (int i = 0; i < y.length; i++) {
            float m = y[i] == 0f ? 0f : scale;
            assertEquals(Float.floatToIntBits(0f + dys[i] * m), Float.floatToIntBits(dx[i]), "element " + i);
        }
        // and the mask it used is the one the stream defines for that step
        NoiseKey key = d.engine().lastKey();
        Tensor mask = SCALAR.zeros(Shape.of(y.length));
        SCALAR.dropout().keepMask(mask, key, p, 1, 0);
        float[] m = mask.toArray();
        for (int i = 0; i < y.length; i++) {
            assertEquals(m[i] == 1f, y[i] != 0f, "element " + i);
        }
    }

    @Test
    void finiteDifferencesMatchBackward() {
        // L(x) = sum_i c_i * dropout(x)_i with the mask of one key; central differences in double on the kernel
        double p = 0.25;
        NoiseKey key = new NoiseKey(77, 3, 12);
        Tensor x = Tensors.normal(1, 40);
        Tensor c = Tensors.normal(2, 40);
        Tensor dx = SCALAR.zeros(x.shape());
        SCALAR.dropout().bernoulliBackward(dx, c, key, p, 1);
        float[] xs = x.toArray();
        float h = 1e-2f;
        for (int i = 0; i < xs.length; i++) {
            double plus = loss(xs, i, h, c, key, p);
            double minus = loss(xs, i, -h, c, key, p);
            assertEquals((plus - minus) / (2 * h), dx.toArray()[i], 1e-4, "element " + i);
        }
    }

    private static double loss(float[] xs, int i, float h, Tensor c, NoiseKey key, double p) {
        float[] shifted = xs.clone();
        shifted[i] += h;
        Tensor y = SCALAR.zeros(Shape.of(xs.length));
        SCALAR.dropout().bernoulliForward(y, Tensors.vector(shifted), key, p, 1);
        float[] ys = y.toArray();
        float[] cs = c.toArray();
        double s = 0;
        for (int k = 0; k < ys.length; k++) {
            s += (double) cs[k] * ys[k];
        }
        return s;
    }

    @Test
    void eachTrainingStepAndEachLayerDrawsAFreshMask() {
        NoiseSource source = NoiseSource.of(2024);
        Dropout a = new Dropout(0.5, source);
        Dropout b = new Dropout(0.5, source);
        Tensor x = Tensors.filled(1f, 256);
        float[] a1 = a.forward(x, Mode.TRAIN).toArray();
        float[] a2 = a.forward(x, Mode.TRAIN).toArray();
        float[] b1 = b.forward(x, Mode.TRAIN).toArray();
        assertFalse(java.util.Arrays.equals(a1, a2), "step 2 must not repeat step 1");
        assertFalse(java.util.Arrays.equals(a1, b1), "two layers must not share a mask");
        // the same seed and model give the same masks on every run
        NoiseSource again = NoiseSource.of(2024);
        Dropout a2nd = new Dropout(0.5, again);
        Dropout b2nd = new Dropout(0.5, again);
        assertArrayEquals(a1, a2nd.forward(x, Mode.TRAIN).toArray());
        assertArrayEquals(a2, a2nd.forward(x, Mode.TRAIN).toArray());
        assertArrayEquals(b1, b2nd.forward(x, Mode.TRAIN).toArray());
        // eval passes do not consume steps
        Dropout c = new Dropout(0.5, NoiseSource.of(7));
        Dropout cEval = new Dropout(0.5, NoiseSource.of(7));
        cEval.forward(x, Mode.EVAL);
        assertArrayEquals(c.forward(x, Mode.TRAIN).toArray(), cEval.forward(x, Mode.TRAIN).toArray());
    }

    @Test
    void seedComesFromTheRunsRandomGenerator() {
        var rng1 = java.util.random.RandomGeneratorFactory.of("L64X128MixRandom").create(42);
        var rng2 = java.util.random.RandomGeneratorFactory.of("L64X128MixRandom").create(42);
        assertEquals(NoiseSource.from(rng1).seed(), NoiseSource.from(rng2).seed());
    }

    @Test
    void backwardMisuseSaysWhatToDo() {
        Dropout d = new Dropout(0.5, NoiseSource.of(1));
        var early = assertThrows(IllegalStateException.class, () -> d.backward(Tensors.filled(1f, 4)));
        assertTrue(early.getMessage().contains("before forward"), early.getMessage());
        d.forward(Tensors.filled(1f, 4), Mode.TRAIN);
        var shape = assertThrows(ShapeException.class, () -> d.backward(Tensors.filled(1f, 5)));
        assertTrue(shape.getMessage().contains("[5]") && shape.getMessage().contains("[4]"), shape.getMessage());
    }
}
