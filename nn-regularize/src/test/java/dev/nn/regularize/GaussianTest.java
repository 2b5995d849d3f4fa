package dev.nn.regularize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GaussianTest {
    private static double[] meanAndVariance(float[] v) {
        double sum = 0;
        double squares = 0;
        for (float x : v) {
            sum += x;
            squares += (double) x * x;
        }
        double mean = sum / v.length;
        return new double[] {mean, squares / v.length - mean * mean};
    }

    @Test
    void gaussianDropoutMultipliesByNormalOneWithVariancePOverOneMinusP() {
        int n = 200_000;
        double p = 0.2;
        GaussianDropout d = new GaussianDropout(p, NoiseSource.of(1));
        float[] y = d.forward(Tensors.filled(1f, n), Mode.TRAIN).toArray();
        double[] mv = meanAndVariance(y);
        double variance = p / (1 - p);
        assertEquals(1.0, mv[0], 5 * Math.sqrt(variance / n));
        assertEquals(variance, mv[1], 5 * variance * Math.sqrt(2.0 / n));
        // backward multiplies by the same noise: with x = 1, y is the noise
        Tensor dy = Tensors.ramp(n);
        float[] dys = dy.toArray();
        float[] dx = d.backward(dy).toArray();
        for (int i = 0; i < n; i += 997) {
            assertEquals(dys[i] * y[i], dx[i], "element " + i);
        }
    }

    @Test
    void gaussianDropoutIsIdentityInEvalAndRejectsRateOne() {
        Tensor x = Tensors.ramp(10);
        GaussianDropout d = new GaussianDropout(0.5, NoiseSource.of(1));
        assertSame(x, d.forward(x, Mode.EVAL));
        assertSame(x, d.backward(x));
        var e = assertThrows(IllegalArgumentException.class, () -> new GaussianDropout(1.0, NoiseSource.of(1)));
        assertTrue(e.getMessage().contains("[0, 1)") && e.getMessage().contains("got 1.0"), e.getMessage());
    }

    @Test
    void gaussianNoiseAddsZeroMeanNoiseInTrainingOnly() {
        int n = 200_000;
        float sigma = 0.3f;
        Tensor x = Tensors.ramp(n);
        GaussianNoise g = new GaussianNoise(sigma, NoiseSource.of(2));
        float[] y = g.forward(x, Mode.TRAIN).toArray();
        float[] xs = x.toArray();
        float[] noise = new float[n];
        for (int i = 0; i < n; i++) {
            noise[i] = y[i] - xs[i];
        }
        double[] mv = meanAndVariance(noise);
        assertEquals(0.0, mv[0], 5 * sigma / Math.sqrt(n));
        assertEquals(sigma * sigma, mv[1], 5 * sigma * sigma * Math.sqrt(2.0 / n) + 1e-6);
        Tensor dy = Tensors.ramp(n);
        assertSame(dy, g.backward(dy), "the gradient of x + n with respect to x is the identity");
        assertSame(x, g.forward(x, Mode.EVAL));
        var e = assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(-1, NoiseSource.of(1)));
        assertTrue(e.getMessage().contains(">= 0, got -1.0"), e.getMessage());
    }
}
