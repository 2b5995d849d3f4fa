package dev.nn.core.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.tensor.Shape;
import dev.nn.core.layer.GradientCheck;
import dev.nn.core.layer.RandomTensors;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MSELossTest {
    private final Backend b = Backends.select("scalar");

    @Test
    void meanAndSumOfSquaredDifferences() {
        var p = b.tensor(Shape.of(2, 2), new float[] {1, 2, 3, 4});
        var t = b.tensor(Shape.of(2, 2), new float[] {0, 2, 5, 1});
        // squared differences 1, 0, 4, 9
        assertEquals(14f / 4, new MSELoss().forward(p, t).item(), 1e-6f);
        assertEquals(14f, new MSELoss(Reduction.SUM).forward(p, t).item(), 1e-6f);
    }

    @Test
    void gradientIsTwiceTheDifferenceOverTheCount() {
        var p = b.tensor(Shape.of(4), new float[] {1, 2, 3, 4});
        var t = b.tensor(Shape.of(4), new float[] {0, 2, 5, 1});
        MSELoss mean = new MSELoss();
        mean.forward(p, t);
        assertArrayEquals(new float[] {0.5f, 0, -1, 1.5f}, mean.backward().toArray(), 1e-7f);
        MSELoss sum = new MSELoss(Reduction.SUM);
        sum.forward(p, t);
        assertArrayEquals(new float[] {2, 0, -4, 6}, sum.backward().toArray(), 1e-7f);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        var random = new SplittableRandom(31);
        for (Reduction r : Reduction.values()) {
            GradientCheck.loss("MSELoss(" + r + ")", new MSELoss(r), RandomTensors.gaussian(b, random, 3, 4, 2),
                    RandomTensors.gaussian(b, random, 3, 4, 2), 1e-2).assertWithin(2e-4, 1e-3);
        }
    }

    @Test
    void shapesMustMatch() {
        var e = assertThrows(ShapeException.class,
                () -> new MSELoss().forward(b.zeros(Shape.of(4, 1)), b.zeros(Shape.of(4))).item());
        assertEquals("MSELoss got prediction [4, 1] and target [4]; the shapes must be equal (PyTorch would "
                + "broadcast them, which is almost always a bug), e.g. reshape the target to [4, 1]", e.getMessage());
    }

    @Test
    void backwardNeedsAForward() {
        assertThrows(IllegalStateException.class, () -> new MSELoss().backward());
    }
}
