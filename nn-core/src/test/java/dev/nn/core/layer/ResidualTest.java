package dev.nn.core.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResidualTest {
    private final Backend b = Backends.select("scalar");

    @Test
    void identityShortcutAddsTheInput() {
        var random = new SplittableRandom(1);
        Conv2d conv = new Conv2d(b, 2, 2, 3, 1, 1, random);
        Tensor x = RandomTensors.gaussian(b, random, 1, 2, 3, 3);
        float[] body = conv.forward(x, Mode.TRAIN).toArray();
        float[] y = new Residual(conv).forward(x, Mode.TRAIN).toArray();
        float[] in = x.toArray();
        for (int i = 0; i < y.length; i++) {
            assertEquals(body[i] + in[i], y[i], 1e-6f);
        }
    }

    @Test
    void gradientFlowsThroughBothBranches() {
        // body = 2x (a 1x1 conv with weight 2, no bias): y = 2x + x, so dy/dx = 3 everywhere
        Conv2d doubling = Conv2d.builder(1, 1, 1).optBias(false).build(b, new SplittableRandom(1));
        doubling.weight().set(new float[] {2});
        Residual block = new Residual(doubling);
        Tensor x = b.tensor(Shape.of(1, 1, 1, 3), new float[] {1, -2, 5});
        assertArrayEquals(new float[] {3, -6, 15}, block.forward(x, Mode.TRAIN).toArray());
        float[] dx = block.backward(b.tensor(Shape.of(1, 1, 1, 3), new float[] {1, 1, -1})).toArray();
        assertArrayEquals(new float[] {3, 3, -3}, dx);
        // dL/dw = sum dy * x = 1 - 2 - 5
        assertArrayEquals(new float[] {-6}, doubling.weight().grad().toArray());
    }

    @Test
    void basicBlockGradientsMatchFiniteDifferences() {
        var random = new SplittableRandom(5);
        // a ResNet BasicBlock without normalization: conv-tanh-conv plus identity
        Residual block = new Residual(new Sequential(new Conv2d(b, 2, 2, 3, 1, 1, random), new Tanh(),
                new Conv2d(b, 2, 2, 3, 1, 1, random)));
        Tensor x = RandomTensors.gaussian(b, random, 2, 2, 4, 4);
        var report = GradientCheck.layer("Residual(identity)", block, x, Mode.TRAIN, random, 3e-3)
                .assertWithin(5e-4, 2e-3);
        assertEquals(List.of("input", "body.0.weight", "body.0.bias", "body.2.weight", "body.2.bias"),
                List.copyOf(report.comparisons().keySet()));
    }

    @Test
    void downsamplingShortcutGradientsMatchFiniteDifferences() {
        var random = new SplittableRandom(6);
        Residual block = new Residual(
                new Sequential(new Conv2d(b, 2, 4, 3, 2, 1, random), new Tanh(), new Conv2d(b, 4, 4, 3, 1, 1, random)),
                Conv2d.builder(2, 4, 1).optStride(2).optBias(false).build(b, random));
        Tensor x = RandomTensors.gaussian(b, random, 1, 2, 6, 6);
        assertEquals(Shape.of(1, 4, 3, 3), block.forward(x, Mode.TRAIN).shape());
        var report = GradientCheck.layer("Residual(downsample)", block, x, Mode.TRAIN, random, 3e-3)
                .assertWithin(5e-4, 2e-3);
        assertTrue(report.comparisons().containsKey("shortcut.weight"));
    }

    @Test
    void mismatchedBranchesAreRejectedWithTheFix() {
        var random = new SplittableRandom(7);
        Residual block = new Residual(new Conv2d(b, 2, 4, 3, 2, 1, random));
        var e = assertThrows(ShapeException.class, () -> block.forward(b.zeros(Shape.of(1, 2, 6, 6)), Mode.TRAIN));
        assertEquals("Residual: the body maps input [1, 2, 6, 6] to [1, 4, 3, 3] but the identity shortcut keeps "
                + "[1, 2, 6, 6]; both branches must give the same shape (give the shortcut a 1x1 Conv2d with the "
                + "body's stride and out_channels)", e.getMessage());
    }

    @Test
    void childrenAreBodyAndShortcut() {
        var random = new SplittableRandom(8);
        Residual plain = new Residual(new ReLU());
        assertEquals(List.of("body"), List.copyOf(plain.children().keySet()));
        Residual projected = new Residual(new Conv2d(b, 1, 2, 1, random), new Conv2d(b, 1, 2, 1, random));
        assertEquals(List.of("body.weight", "body.bias", "shortcut.weight", "shortcut.bias"),
                List.copyOf(projected.namedParameters().keySet()));
        assertThrows(IllegalArgumentException.class, () -> new Residual(null));
    }
}
