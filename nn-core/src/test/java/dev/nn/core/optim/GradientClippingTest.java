package dev.nn.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.NnException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** clip_grad_norm_ against PyTorch 1.13 on three parameters of different shapes. */
class GradientClippingTest {
    private static final Backend B = Backends.select("scalar");

    @ParameterizedTest
    @ValueSource(strings = {"clipped", "below", "tiny"})
    @SuppressWarnings("unchecked")
    void matchesPyTorch(String name) {
        Map<String, Object> c = TorchOptimFixture.find("clip", name);
        List<Object> shapes = (List<Object>) c.get("shapes");
        List<Object> grads = (List<Object>) c.get("grads");
        List<Object> clipped = (List<Object>) c.get("clipped");
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            Parameter p = new Parameter("p" + i, ParameterRole.WEIGHT,
                    B.zeros(Shape.of(TorchOptimFixture.ints(shapes.get(i)))));
            B.write(p.grad(), TorchOptimFixture.floats(grads.get(i)));
            ps.add(p);
        }
        double total = GradientClipping.clipGradNorm(ps, ((Number) c.get("max_norm")).doubleValue());
        double expectedTotal = ((Number) c.get("total_norm")).doubleValue();
        assertEquals(expectedTotal, total, 1e-6 * expectedTotal);
        for (int i = 0; i < ps.size(); i++) {
            float[] expected = TorchOptimFixture.floats(clipped.get(i));
            float[] actual = ps.get(i).grad().toArray();
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[j], actual[j], 1e-6f * Math.max(1e-3f, Math.abs(expected[j])),
                        name + " param " + i + " element " + j);
            }
        }
    }

    @Test
    void clippedNormEqualsMaxNorm() {
        Parameter a = new Parameter("a", ParameterRole.WEIGHT, B.zeros(Shape.of(2)));
        Parameter b = new Parameter("b", ParameterRole.BIAS, B.zeros(Shape.of(1)));
        B.write(a.grad(), new float[] {3f, 0f});
        B.write(b.grad(), new float[] {4f});
        assertEquals(5.0, GradientClipping.clipGradNorm(List.of(a, b), 1.0), 1e-6);
        // 3-4-5 triangle scaled to norm 1 / (1 + 2e-7)
        assertEquals(0.6f, a.grad().toArray()[0], 1e-6f);
        assertEquals(0.8f, b.grad().toArray()[0], 1e-6f);
    }

    @Test
    void nonFiniteNorm() {
        Parameter a = new Parameter("a", ParameterRole.WEIGHT, B.zeros(Shape.of(2)));
        B.write(a.grad(), new float[] {Float.NaN, 1f});
        var e = assertThrows(NnException.class, () -> GradientClipping.clipGradNorm(List.of(a), 1.0, true));
        assertTrue(e.getMessage().contains("total norm of order 2 for gradients is NaN"), e.getMessage());
        assertEquals(1f, a.grad().toArray()[1]); // untouched when refusing
        assertTrue(Double.isNaN(GradientClipping.clipGradNorm(List.of(a), 1.0, false)));
        assertTrue(Float.isNaN(a.grad().toArray()[1])); // PyTorch's behaviour: scaled by NaN
        var bad = assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipGradNorm(List.of(a), 0));
        assertTrue(bad.getMessage().contains("max_norm must be > 0"), bad.getMessage());
    }
}
