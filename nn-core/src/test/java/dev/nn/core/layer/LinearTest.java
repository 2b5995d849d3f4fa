package dev.nn.core.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.HostStorage;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearTest {
    private final Backend b = Backends.select("scalar");

    @Test
    void forwardIsXTimesWTransposedPlusBias() {
        Linear fc = new Linear(b, 2, 3, new SplittableRandom(1));
        fc.weight().set(new float[] {1, 2, 3, 4, 5, 6});
        fc.bias().set(new float[] {0.5f, -0.5f, 1});
        Tensor y = fc.forward(b.tensor(Shape.of(1, 2), new float[] {1, -1}), Mode.TRAIN);
        assertArrayEquals(new float[] {1 - 2 + 0.5f, 3 - 4 - 0.5f, 5 - 6 + 1}, y.toArray());
        assertEquals(Shape.of(1, 3), y.shape());
    }

    @Test
    void defaultInitIsUniformWithinOneOverSqrtFanIn() {
        Linear fc = new Linear(b, 100, 80, new SplittableRandom(7));
        float[] w = fc.weight().value().toArray();
        double bound = 0.1;
        double sumSq = 0;
        for (float v : w) {
            assertTrue(Math.abs(v) <= bound, "weight " + v + " outside U(-0.1, 0.1)");
            sumSq += v * v;
        }
        // Var of U(-a, a) is a^2 / 3; 8000 draws put the sample std within 3% of it.
        assertEquals(bound / Math.sqrt(3), Math.sqrt(sumSq / w.length), 0.03 * bound / Math.sqrt(3));
        assertEquals("weight", fc.namedParameters().keySet().iterator().next());
    }

    @Test
    void sameSeedSameWeights() {
        assertArrayEquals(new Linear(b, 5, 4, new SplittableRandom(3)).weight().value().toArray(),
                new Linear(b, 5, 4, new SplittableRandom(3)).weight().value().toArray());
    }

    @Test
    void wrongFeatureCountSaysWhatToDo() {
        Linear fc = new Linear(b, 6, 5, new SplittableRandom(1));
        var e = assertThrows(ShapeException.class, () -> fc.forward(b.zeros(Shape.of(3, 7)), Mode.TRAIN));
        assertTrue(e.getMessage().contains("mat1 and mat2 shapes cannot be multiplied (3x7 and 6x5)"), e.getMessage());
        assertTrue(e.getMessage().contains("in_features=7"), e.getMessage());
    }

    @Test
    void asksTheBackendForOneGemmAndOneBiasBroadcast() {
        Backend real = b;
        Backend mocked = mock(Backend.class);
        when(mocked.tensor(any(), any())).thenAnswer(inv -> real.tensor(inv.getArgument(0), inv.getArgument(1)));
        when(mocked.zeros(any())).thenAnswer(inv -> {
            Shape s = inv.getArgument(0);
            return new Tensor(s, mocked, new HostStorage(new float[s.size()]));
        });
        Linear fc = new Linear(mocked, 4, 3, new SplittableRandom(1));
        Tensor x = new Tensor(Shape.of(2, 4), mocked, new HostStorage(new float[8]));
        Tensor y = fc.forward(x, Mode.EVAL);
        var order = inOrder(mocked);
        order.verify(mocked).gemm(same(y), org.mockito.ArgumentMatchers.eq(false),
                org.mockito.ArgumentMatchers.eq(true), org.mockito.ArgumentMatchers.eq(2),
                org.mockito.ArgumentMatchers.eq(3), org.mockito.ArgumentMatchers.eq(4),
                org.mockito.ArgumentMatchers.eq(1f), same(x), same(fc.weight().value()),
                org.mockito.ArgumentMatchers.eq(0f));
        order.verify(mocked).addRowVector(same(y), same(fc.bias().value()), org.mockito.ArgumentMatchers.eq(2),
                org.mockito.ArgumentMatchers.eq(3));
    }
}
