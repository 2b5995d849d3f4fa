package dev.nn.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * torch.optim.SGD's update, worked by hand for two steps: {@code g = grad + wd * p}; on the first step
 * {@code buf = g}, then {@code buf = momentum * buf + (1 - dampening) * g}; Nesterov uses {@code g + momentum * buf},
 * plain momentum {@code buf}; {@code p -= lr * update}.
 */
class SgdTest {
    private static final Backend B = Backends.select("scalar");

    private static Parameter parameter(float... values) {
        Parameter p = new Parameter("w", ParameterRole.WEIGHT, B.tensor(Shape.of(values.length), values));
        B.write(p.grad(), new float[] {0.5f, 1f});
        return p;
    }

    @Test
    void plainSgdStepsAgainstTheGradient() {
        Parameter p = parameter(1, -2);
        Sgd sgd = new Sgd(List.of(p), 0.1);
        sgd.step();
        assertArrayEquals(new float[] {0.95f, -2.1f}, p.value().toArray(), 1e-6f);
        assertEquals(List.of(p), sgd.parameters());
        assertEquals(0.0, sgd.momentum());
    }

    @Test
    void momentumAndWeightDecayFollowPyTorch() {
        // step 1: g = [0.5 + 0.01, 1 - 0.02] = [0.51, 0.98] = buf; p = [0.949, -2.098]
        // step 2: g = [0.5 + 0.00949, 1 - 0.02098]; buf = 0.9 * [0.51, 0.98] + g = [0.96849, 1.86102];
        //         p = [0.949 - 0.096849, -2.098 - 0.186102]
        Parameter p = parameter(1, -2);
        Sgd sgd = new Sgd(List.of(p), 0.1, 0.9, 0, 0.01, false);
        sgd.step();
        assertArrayEquals(new float[] {0.949f, -2.098f}, p.value().toArray(), 1e-6f);
        sgd.step();
        assertArrayEquals(new float[] {0.852151f, -2.284102f}, p.value().toArray(), 1e-6f);
        assertEquals(0.9f, (float) sgd.momentum());
    }

    @Test
    void dampeningScalesTheNewGradientAfterTheFirstStep() {
        // step 1: buf = g = [0.5, 1] (undamped), p = [0.95, -2.1]; step 2: buf = 0.9 * buf + 0.5 * g = [0.7, 1.4]
        Parameter p = parameter(1, -2);
        Sgd sgd = new Sgd(List.of(p), 0.1, 0.9, 0.5, 0, false);
        sgd.step();
        sgd.step();
        assertArrayEquals(new float[] {0.88f, -2.24f}, p.value().toArray(), 1e-6f);
    }

    @Test
    void nesterovLooksAhead() {
        // step 1: buf = g = [0.5, 1]; update = g + 0.9 * buf = [0.95, 1.9]; p = [0.905, -2.19]
        Parameter p = parameter(1, -2);
        new Sgd(List.of(p), 0.1, 0.9, 0, 0, true).step();
        assertArrayEquals(new float[] {0.905f, -2.19f}, p.value().toArray(), 1e-6f);
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Parameter a = parameter(1, 2);
        Parameter b = parameter(3, 4);
        new Sgd(List.of(a, b), 0.1).zeroGrad();
        assertArrayEquals(new float[2], a.grad().toArray());
        assertArrayEquals(new float[2], b.grad().toArray());
    }

    @Test
    void settingsAreCheckedWithPyTorchsWordingAndTheirEndsAccepted() {
        Parameter p = parameter(1, 2);
        assertDoesNotThrow(() -> new Sgd(List.of(p), 0), "lr 0 freezes the weights, as in PyTorch");
        var e = assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p), -0.1));
        assertEquals("Invalid learning rate: -0.1 (must be >= 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p), 0.1, -0.5, 0, 0, false));
        assertEquals("Invalid momentum value: -0.5 (must be >= 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p), 0.1, 0, 0, -1, false));
        assertEquals("Invalid weight_decay value: -1.0 (must be >= 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p), 0.1, 0, 0, 0, true));
        assertTrue(e.getMessage().startsWith("Nesterov momentum requires a momentum and zero dampening"));
        e = assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p), 0.1, 0.9, 0.1, 0, true));
        assertEquals("Nesterov momentum requires a momentum and zero dampening, got momentum=0.9, dampening=0.1",
                e.getMessage());
        Sgd sgd = new Sgd(List.of(p), 0.1);
        sgd.setLearningRate(0);
        assertEquals(0.0, sgd.learningRate());
    }
}
