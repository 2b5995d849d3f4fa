package org.example.nnplugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backends;
import dev.nn.api.init.Initializers;
import dev.nn.api.spi.Params;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScaledOrthogonalTest {

    @Test
    void theFrameworkFindsItByName() {
        assertTrue(getClass().getModule().isNamed(), "tests must run on the module path");
        assertTrue(Initializers.names().contains("scaled_orthogonal"), Initializers.names().toString());
    }

    @Test
    void wideWeightHasRowsOfLengthScaleAndOrthogonalToEachOther() {
        checkGram(3, 7, 0.5);
    }

    @Test
    void tallWeightHasOrthogonalColumns() {
        checkGram(9, 4, 2.0);
    }

    @Test
    void rejectsBiasesAndBadScale() {
        var init = Initializers.create("scaled_orthogonal", Params.empty());
        try (var backend = Backends.select("scalar")) {
            Tensor bias = backend.zeros(Shape.of(5));
            var e = assertThrows(IllegalArgumentException.class, () -> init.initialize(bias, new SplittableRandom(1)));
            assertTrue(e.getMessage().contains("at least 2 dimensions"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> Initializers.create("scaled_orthogonal", Params.of("scale", -1.0)));
    }

    /** W W^T = scale^2 I for wide W (rows <= cols), W^T W = scale^2 I for tall W. */
    private static void checkGram(int rows, int cols, double scale) {
        var init = Initializers.create("scaled_orthogonal", Params.of("scale", scale));
        try (var backend = Backends.select("scalar")) {
            Tensor w = backend.zeros(Shape.of(rows, cols));
            init.initialize(w, new SplittableRandom(42));
            float[] v = w.toArray();
            boolean wide = rows <= cols;
            int n = wide ? rows : cols;
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double dot = 0;
                    for (int k = 0; k < (wide ? cols : rows); k++) {
                        dot += wide ? v[a * cols + k] * (double) v[b * cols + k]
                                : v[k * cols + a] * (double) v[k * cols + b];
                    }
                    assertEquals(a == b ? scale * scale : 0.0, dot, 1e-5, "gram[" + a + "][" + b + "]");
                }
            }
        }
    }
}
