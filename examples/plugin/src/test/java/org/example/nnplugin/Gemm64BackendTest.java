package org.example.nnplugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nn.api.backend.Backends;
import dev.nn.api.tensor.Shape;
import org.junit.jupiter.api.Test;

class Gemm64BackendTest {

    @Test
    void isSelectedByNameAndOwnsItsTensors() {
        try (var backend = Backends.select("gemm64")) {
            assertEquals("gemm64", backend.name());
            assertSame(backend, backend.zeros(Shape.of(2)).backend());
        }
    }

    /** 1e8 + 1 - 1e8 is 0 in float32 partial sums (1e8 + 1 rounds to 1e8) and exactly 1 in double. */
    @Test
    void keepsWhatFloatPartialSumsLose() {
        try (var backend = Backends.select("gemm64")) {
            var a = backend.tensor(Shape.of(1, 3), new float[] {1e8f, 1f, -1e8f});
            var b = backend.tensor(Shape.of(3, 1), new float[] {1f, 1f, 1f});
            var c = backend.tensor(Shape.of(1, 1), new float[] {Float.NaN});
            backend.gemm(c, false, false, 1, 1, 3, 1f, a, b, 0f);
            assertEquals(1f, c.item());
        }
    }
}
