package dev.nn.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Adam and AdamW trajectories against torch.optim.Adam/AdamW (fixture written by PyTorch 1.13). */
class AdamTest {
    private static final Backend B = Backends.select("scalar");

    @ParameterizedTest
    @ValueSource(strings = {"adam_defaults", "adam_l2", "adamw_defaults", "adamw_custom"})
    @SuppressWarnings("unchecked")
    void matchesPyTorchStepByStep(String name) {
        Map<String, Object> c = TorchOptimFixture.find("adam", name);
        Map<String, Object> cfg = (Map<String, Object>) c.get("config");
        float[] init = TorchOptimFixture.floats(c.get("initial"));
        Parameter p = new Parameter("w", ParameterRole.WEIGHT, B.tensor(Shape.of(init.length), init));
        boolean isAdamW = "AdamW".equals(c.get("optimizer"));
        double lr = TorchOptimFixture.number(cfg, "lr", 1e-3);
        List<Object> betas = (List<Object>) cfg.get("betas");
        double b1 = betas == null ? 0.9 : ((Number) betas.get(0)).doubleValue();
        double b2 = betas == null ? 0.999 : ((Number) betas.get(1)).doubleValue();
        double eps = TorchOptimFixture.number(cfg, "eps", 1e-8);
        Optimizer opt;
        if (cfg.isEmpty()) {
            opt = isAdamW ? new AdamW(List.of(p)) : new Adam(List.of(p));
        } else {
            double wd = TorchOptimFixture.number(cfg, "weight_decay", isAdamW ? 1e-2 : 0);
            opt = isAdamW ? new AdamW(List.of(p), lr, b1, b2, eps, wd) : new Adam(List.of(p), lr, b1, b2, eps, wd);
        }
        List<Object> grads = (List<Object>) c.get("grads");
        List<Object> params = (List<Object>) c.get("params");
        for (int s = 0; s < grads.size(); s++) {
            B.write(p.grad(), TorchOptimFixture.floats(grads.get(s)));
            opt.step();
            float[] expected = TorchOptimFixture.floats(params.get(s));
            float[] actual = p.value().toArray();
            for (int i = 0; i < expected.length; i++) {
                // float32 kernel vs PyTorch's float32 kernel: a few ulps of the update at most
                assertEquals(expected[i], actual[i], 2e-6f * Math.max(1f, Math.abs(expected[i])),
                        name + " step " + (s + 1) + " element " + i);
            }
        }
    }

    @Test
    void defaultsArePyTorchs() {
        assertEquals(1e-3, Adam.DEFAULT_LR);
        assertEquals(0.9, Adam.DEFAULT_BETA1);
        assertEquals(0.999, Adam.DEFAULT_BETA2);
        assertEquals(1e-8, Adam.DEFAULT_EPS);
        assertEquals(0.0, Adam.DEFAULT_WEIGHT_DECAY);
        assertEquals(1e-2, AdamW.DEFAULT_WEIGHT_DECAY);
        Parameter p = new Parameter("w", ParameterRole.WEIGHT, B.zeros(Shape.of(2)));
        assertEquals(1e-3, new AdamW(List.of(p)).learningRate());
    }

    @Test
    void stepCountAndLearningRateChange() {
        Parameter p = new Parameter("w", ParameterRole.WEIGHT, B.tensor(Shape.of(1), new float[] {1f}));
        Adam adam = new Adam(List.of(p), 0.1);
        B.write(p.grad(), new float[] {2f});
        adam.step();
        // first bias-corrected step moves by lr * sign(g) (m_hat / sqrt(v_hat) = g / |g|)
        assertEquals(0.9f, p.value().toArray()[0], 1e-6f);
        adam.setLearningRate(0.01);
        assertEquals(0.01, adam.learningRate());
        assertEquals(1, adam.stepCount());
    }

    @Test
    void rejectsBadSettingsWithPyTorchWording() {
        Parameter p = new Parameter("w", ParameterRole.WEIGHT, B.zeros(Shape.of(2)));
        // the closed ends are valid in PyTorch: lr, eps and both betas 0
        Adam zeros = new Adam(List.of(p), 0, 0, 0, 0, 0);
        assertEquals(List.of(p), zeros.parameters());
        zeros.setLearningRate(0);
        assertEquals(0.0, zeros.learningRate());
        var one = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), 1e-3, 0.9, 1.0, 1e-8, 0));
        assertTrue(one.getMessage().contains("beta parameter at index 1: 1.0"), one.getMessage());
        var e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), -1));
        assertTrue(e.getMessage().contains("invalid learning rate: -1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AdamW(List.of(p), 1e-3, 1.0, 0.999, 1e-8, 0));
        assertTrue(e.getMessage().contains("beta parameter at index 0: 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), 1e-3, 0.9, -0.1, 1e-8, 0));
        assertTrue(e.getMessage().contains("index 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), 1e-3, 0.9, 0.9, -1, 0));
        assertTrue(e.getMessage().contains("epsilon"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AdamW(List.of(p), 1e-3, 0.9, 0.9, 1e-8, -2));
        assertTrue(e.getMessage().contains("weight_decay value: -2.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of()));
        assertTrue(e.getMessage().contains("empty parameter list"), e.getMessage());
    }
}
