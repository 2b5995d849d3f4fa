package dev.nn.core.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FlattenTest {
    private final Backend b = Backends.select("scalar");

    @Test
    void keepsTheBatchDimensionByDefault() {
        Tensor x = RandomTensors.gaussian(b, new SplittableRandom(1), 2, 3, 4, 5);
        Tensor y = new Flatten().forward(x, Mode.TRAIN);
        assertEquals(Shape.of(2, 60), y.shape());
        assertArrayEquals(x.toArray(), y.toArray());
    }

    @Test
    void mergesOnlyTheChosenDimensions() {
        assertEquals(Shape.of(2, 12, 5), new Flatten(1, 2).forward(b.zeros(Shape.of(2, 3, 4, 5)), Mode.TRAIN)
                .shape());
        assertEquals(Shape.of(120), new Flatten(0, -1).forward(b.zeros(Shape.of(2, 3, 4, 5)), Mode.TRAIN).shape());
        assertEquals(Shape.of(2, 3, 20), new Flatten(-2, -1).forward(b.zeros(Shape.of(2, 3, 4, 5)), Mode.TRAIN)
                .shape());
        assertEquals(Shape.of(4, 1), new Flatten().forward(b.zeros(Shape.of(4, 1)), Mode.TRAIN).shape());
    }

    @Test
    void gradientIsReshapedBack() {
        var random = new SplittableRandom(2);
        Flatten flatten = new Flatten();
        Tensor x = RandomTensors.gaussian(b, random, 2, 2, 3, 3);
        flatten.forward(x, Mode.TRAIN);
        Tensor g = RandomTensors.gaussian(b, random, 2, 18);
        Tensor dx = flatten.backward(g);
        assertEquals(x.shape(), dx.shape());
        assertArrayEquals(g.toArray(), dx.toArray());
        GradientCheck.layer("Flatten", new Flatten(), x, Mode.TRAIN, random, 1e-2).assertWithin(1e-4, 1e-4);
    }

    @Test
    void inputWithoutABatchDimensionIsRejected() {
        var e = assertThrows(ShapeException.class, () -> new Flatten().forward(b.zeros(Shape.of(5)), Mode.TRAIN));
        assertEquals("Flatten(start_dim=1, end_dim=-1) got input of shape [5] of rank 1: start_dim=1 is out of "
                + "range [-1, 0]; the input has no batch dimension, reshape it to (1, n) or use Flatten(0, -1)",
                e.getMessage());
    }

    @Test
    void startAfterEndIsRejected() {
        var e = assertThrows(ShapeException.class,
                () -> new Flatten(2, 1).forward(b.zeros(Shape.of(2, 3, 4)), Mode.TRAIN));
        assertEquals("Flatten(start_dim=2, end_dim=1) got input of shape [2, 3, 4]: start_dim 2 comes after "
                + "end_dim 1 (dims 2 > 1); choose start_dim <= end_dim", e.getMessage());
    }
}
