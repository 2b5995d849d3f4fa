package dev.nn.regularize;

import static dev.nn.regularize.Tensors.SCALAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.NoiseKey;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlphaDropoutTest {
    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.2, 0.5})
    void keepsSelusFixedPointMeanZeroVarianceOne(double p) {
        int n = 1_000_000;
        float[] y = new AlphaDropout(p, NoiseSource.of(31)).forward(Tensors.normal(17, n), Mode.TRAIN).toArray();
        double sum = 0;
        double squares = 0;
        for (float v : y) {
            sum += v;
            squares += (double) v * v;
        }
        double mean = sum / n;
        double variance = squares / n - mean * mean;
        // sd of the mean is 1/sqrt(n) = 0.001; sd of the variance estimate is below 0.002 for these outputs
        assertEquals(0.0, mean, 0.005, "mean at p=" + p);
        assertEquals(1.0, variance, 0.01, "variance at p=" + p);
    }

    @ParameterizedTest
    @CsvSource({
        // p, x, PyTorch F.alpha_dropout output for kept x, for dropped x (torch 1.13, float32)
        "0.3, 0.0, 0.45409206, -1.0595483",
        "0.3, 1.5, 1.745521, -1.0595483",
        "0.5, 1.5, 2.1088011, -0.77919394",
        "0.1, 1.5, 1.5438977, -1.4577388",
    })
    void keptAndDroppedValuesAreBitExactWithPyTorch(double p, float x, float kept, float dropped) {
        float[] y = new AlphaDropout(p, NoiseSource.of(4)).forward(Tensors.filled(x, 2000), Mode.TRAIN).toArray();
        int nKept = 0;
        for (float v : y) {
            assertTrue(v == kept || v == dropped, "value " + v);
            nKept += v == kept ? 1 : 0;
        }
        assertTrue(Tensors.withinBinomial(nKept, 2000, 1 - p, 5), nKept + " kept");
    }

    @Test
    void matchesThePapersAffineMap() {
        // Klambauer et al.: alpha' = -lambda*alpha, a = ((1-p)(1+p alpha'^2))^(-1/2), b = -a alpha' p
        double p = 0.2;
        double alphaPrime = -1.0507009873554805 * 1.6732632423543772;
        double a = 1 / Math.sqrt((1 - p) * (1 + p * alphaPrime * alphaPrime));
        double b = -a * alphaPrime * p;
        Tensor x = Tensors.normal(3, 5000);
        float[] xs = x.toArray();
        float[] y = new AlphaDropout(p, NoiseSource.of(8)).forward(x, Mode.TRAIN).toArray();
        for (int i = 0; i < y.length; i++) {
            double keep = a * xs[i] + b;
            double drop = a * alphaPrime + b;
            double nearest = Math.abs(y[i] - keep) < Math.abs(y[i] - drop) ? keep : drop;
            assertEquals(nearest, y[i], 2e-6 * (1 + Math.abs(nearest)), "element " + i);
        }
    }

    @Test
    void backwardIsDyTimesAOnKeptUnits() {
        double p = 0.3;
        float a = (float) (1 / Math.sqrt((1 - p) * (1 + p * 1.7580993408473766 * 1.7580993408473766)));
        AlphaDropout d = new AlphaDropout(p, NoiseSource.of(12));
        float[] y = d.forward(Tensors.filled(0f, 500), Mode.TRAIN).toArray();
        Tensor dy = Tensors.ramp(500);
        float[] dys = dy.toArray();
        float[] dx = d.backward(dy).toArray();
        for (int i = 0; i < y.length; i++) {
            boolean kept = y[i] == 0.45409206f;     // PyTorch's kept value for x = 0 at p = 0.3
            assertEquals(0f + dys[i] * (kept ? a : 0f), dx[i], "element " + i);
        }
    }

    @Test
    void finiteDifferencesMatchTheKernelsBackward() {
        double p = 0.4;
        NoiseKey key = new NoiseKey(5, 1, 2);
        Tensor x = Tensors.normal(4, 30);
        Tensor c = Tensors.normal(5, 30);
        Tensor dx = SCALAR.zeros(x.shape());
        SCALAR.dropout().alphaBackward(dx, c, key, p, 1);
        float[] xs = x.toArray();
        float[] cs = c.toArray();
        float h = 1e-2f;
        for (int i = 0; i < xs.length; i++) {
            double[] losses = new double[2];
            for (int side = 0; side < 2; side++) {
                float[] shifted = xs.clone();
                shifted[i] += side == 0 ? h : -h;
                Tensor y = SCALAR.zeros(x.shape());
                SCALAR.dropout().alphaForward(y, Tensors.vector(shifted), key, p, 1);
                float[] ys = y.toArray();
                for (int k = 0; k < ys.length; k++) {
                    losses[side] += (double) cs[k] * ys[k];
                }
            }
            assertEquals((losses[0] - losses[1]) / (2 * h), dx.toArray()[i], 2e-4, "element " + i);
        }
    }

    @Test
    void evalPZeroAndPOneFollowPyTorch() {
        Tensor x = Tensors.vector(1.5f, -2f, 0f, Float.NaN, Float.POSITIVE_INFINITY, -3.25f);
        assertSame(x, new AlphaDropout(0.5, NoiseSource.of(1)).forward(x, Mode.EVAL));
        assertSame(x, new AlphaDropout(0.0, NoiseSource.of(1)).forward(x, Mode.TRAIN));
        float[] y = new AlphaDropout(1.0, NoiseSource.of(1)).forward(x, Mode.TRAIN).toArray();
        // torch: F.alpha_dropout(x, 1.0, True) = tensor([0., -0., 0., nan, nan, -0.])
        float[] expected = {0f, -0f, 0f, Float.NaN, Float.NaN, -0f};
        for (int i = 0; i < y.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(y[i]), "element " + i);
        }
    }
}
