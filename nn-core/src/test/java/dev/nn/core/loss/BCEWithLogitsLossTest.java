package dev.nn.core.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.layer.GradientCheck;
import dev.nn.core.layer.RandomTensors;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BCEWithLogitsLossTest {
    private final Backend b = Backends.select("scalar");

    /** -[p t log s(x) + (1 - t) log(1 - s(x))] in double, the textbook form (fine for moderate x). */
    private static double textbook(double x, double t, double p) {
        double s = 1 / (1 + Math.exp(-x));
        return -(p * t * Math.log(s) + (1 - t) * Math.log(1 - s));
    }

    @Test
    void matchesTheTextbookFormulaForModerateLogits() {
        float[] x = {0, 1.5f, -2, 0.3f, 3};
        float[] t = {1, 0, 0.25f, 1, 0.5f};
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += textbook(x[i], t[i], 1);
        }
        Tensor logits = b.tensor(Shape.of(5), x);
        Tensor target = b.tensor(Shape.of(5), t);
        assertEquals(sum / 5, new BCEWithLogitsLoss().forward(logits, target).item(), 1e-6);
        assertEquals(sum, new BCEWithLogitsLoss(Reduction.SUM).forward(logits, target).item(), 1e-5);
        assertEquals(Math.log(2), new BCEWithLogitsLoss().forward(b.tensor(Shape.of(1), new float[] {0}),
                b.tensor(Shape.of(1), new float[] {1})).item(), 1e-7);
    }

    @Test
    void positiveWeightScalesThePositiveTermPerClass() {
        float[] x = {0.5f, -1, 2, -0.5f};
        float[] t = {1, 0.3f, 0, 0.8f};
        float[] pw = {3, 0.5f};
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += textbook(x[i], t[i], pw[i % 2]);
        }
        BCEWithLogitsLoss loss = new BCEWithLogitsLoss(Reduction.SUM, b.tensor(Shape.of(2), pw));
        assertEquals(sum, loss.forward(b.tensor(Shape.of(2, 2), x), b.tensor(Shape.of(2, 2), t)).item(), 1e-5);
        // gradient (1 + (p - 1) t) sigmoid(x) - p t, from the textbook derivative
        float[] g = loss.backward().toArray();
        for (int i = 0; i < x.length; i++) {
            double p = pw[i % 2];
            double s = 1 / (1 + Math.exp(-x[i]));
            assertEquals((1 + (p - 1) * t[i]) * s - p * t[i], g[i], 1e-6);
        }
    }

    @Test
    void hugeLogitsStayFinite() {
        // naive log(sigmoid(x)) gives -inf at x = -104 in float32; the stable form gives |x| for a wrong sign
        Tensor logits = b.tensor(Shape.of(4), new float[] {-104, 104, 40, -40});
        Tensor target = b.tensor(Shape.of(4), new float[] {1, 0, 1, 0});
        BCEWithLogitsLoss loss = new BCEWithLogitsLoss(Reduction.SUM);
        assertEquals(208, loss.forward(logits, target).item(), 1e-4);
        assertArrayEquals(new float[] {-1, 1, 0, 0}, loss.backward().toArray(), 1e-7f);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        var random = new SplittableRandom(41);
        for (Reduction r : Reduction.values()) {
            Tensor x = RandomTensors.gaussian(b, random, 4, 3);
            b.scale(x, x, 3f);
            float[] t = new float[12];
            for (int i = 0; i < t.length; i++) {
                t[i] = (float) random.nextDouble();
            }
            Tensor target = b.tensor(Shape.of(4, 3), t);
            GradientCheck.loss("BCEWithLogitsLoss(" + r + ")", new BCEWithLogitsLoss(r), x, target, 1e-2)
                    .assertWithin(2e-4, 2e-3);
            Tensor pw = b.tensor(Shape.of(3), new float[] {0.5f, 2, 4});
            GradientCheck.loss("BCEWithLogitsLoss(" + r + ", pos_weight)", new BCEWithLogitsLoss(r, pw), x, target,
                    1e-2).assertWithin(2e-4, 2e-3);
        }
    }

    @Test
    void targetShapeMustMatch() {
        var e = assertThrows(ShapeException.class,
                () -> new BCEWithLogitsLoss().forward(b.zeros(Shape.of(4, 1)), b.zeros(Shape.of(4))).item());
        assertTrue(e.getMessage().startsWith("BCEWithLogitsLoss: target size [4] must be the same as input size "
                + "[4, 1]"), e.getMessage());
    }

    @Test
    void positiveWeightMustHaveOneValuePerClass() {
        var loss = new BCEWithLogitsLoss(Reduction.MEAN, b.zeros(Shape.of(3)));
        var e = assertThrows(ShapeException.class, () -> loss.forward(b.zeros(Shape.of(2, 4)), b.zeros(Shape.of(2, 4))).item());
        assertEquals("BCEWithLogitsLoss pos_weight has 3 values but the input [2, 4] has 4 classes in its last "
                + "dimension; give one weight per class (or a single weight)", e.getMessage());
        assertThrows(ShapeException.class, () -> new BCEWithLogitsLoss(Reduction.MEAN, b.zeros(Shape.of(2, 2))));
    }
}
