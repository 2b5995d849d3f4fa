package org.example.nnplugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.norm.Normalizations;
import dev.nn.api.spi.Params;
import dev.nn.api.tensor.Shape;
import org.junit.jupiter.api.Test;

class PowerNormTest {
    private static final float[] X = {3f, -1f, 4f, 2f, 0.5f, -2f, 1f, 3f, -0.5f, 1.5f, 2.5f, -3f};  // (2, 3, 2)

    @Test
    void divideByTheQuadraticMeanWithoutCentering() {
        try (Backend backend = Backends.select("scalar")) {
            Layer norm = Normalizations.create("power_norm", backend, Params.of("num_features", 1, "eps", 1e-12));
            float[] y = norm.forward(backend.tensor(Shape.of(2, 1), new float[] {3f, 4f}), Mode.TRAIN).toArray();
            double rms = Math.sqrt((9 + 16) / 2.0);
            assertArrayEquals(new float[] {(float) (3 / rms), (float) (4 / rms)}, y, 1e-6f);
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        float[] w = {0.3f, -1.2f, 0.7f, 2f, -0.4f, 1f, 0.9f, -0.6f, 1.1f, 0.2f, -1.5f, 0.8f};
        try (Backend backend = Backends.select("scalar")) {
            Layer norm = Normalizations.create("power_norm", backend, Params.of("num_features", 3));
            norm.forward(backend.tensor(Shape.of(2, 3, 2), X), Mode.TRAIN);
            float[] dx = norm.backward(backend.tensor(Shape.of(2, 3, 2), w)).toArray();
            for (int i = 0; i < X.length; i++) {
                double h = 1e-2;
                double numeric = (loss(backend, w, i, h) - loss(backend, w, i, -h)) / (2 * h);
                assertEquals(numeric, dx[i], 2e-3 * Math.max(1, Math.abs(numeric)), "dx[" + i + "]");
            }
        }
    }

    @Test
    void refusesAWrongChannelCount() {
        try (Backend backend = Backends.select("scalar")) {
            Layer norm = Normalizations.create("power_norm", backend, Params.of("num_features", 4));
            var e = assertThrows(IllegalArgumentException.class,
                    () -> norm.forward(backend.tensor(Shape.of(2, 3, 2), X), Mode.TRAIN));
            assertTrue(e.getMessage().contains("num_features must equal"), e.getMessage());
        }
    }

    /** sum(w * y) with x[i] moved by h, through a fresh layer so the running statistics do not matter. */
    private static double loss(Backend backend, float[] w, int i, double h) {
        float[] x = X.clone();
        x[i] += (float) h;
        Layer norm = Normalizations.create("power_norm", backend, Params.of("num_features", 3));
        float[] y = norm.forward(backend.tensor(Shape.of(2, 3, 2), x), Mode.TRAIN).toArray();
        double sum = 0;
        for (int k = 0; k < y.length; k++) {
            sum += w[k] * (double) y[k];
        }
        return sum;
    }
}
