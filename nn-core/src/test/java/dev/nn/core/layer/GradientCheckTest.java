package dev.nn.core.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The checker itself: it must catch a wrong backward pass, not only accept right ones. */
class GradientCheckTest {
    private final Backend b = Backends.select("scalar");

    /** y = x^2 with a backward pass that forgets the factor 2 (a typical slip). */
    private static final class SquareWithWrongBackward implements Layer {
        private Tensor input;

        @Override
        public Tensor forward(Tensor x, Mode mode) {
            input = x;
            Tensor y = x.backend().zeros(x.shape());
            x.backend().mul(y, x, x);
            return y;
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            Tensor dx = gradOutput.backend().zeros(input.shape());
            gradOutput.backend().mul(dx, gradOutput, input);
            return dx;
        }
    }

    @Test
    void aWrongBackwardPassFails() {
        var random = new SplittableRandom(1);
        var report = GradientCheck.layer("x^2 with dx = x dy", new SquareWithWrongBackward(),
                RandomTensors.gaussian(b, random, 3, 4), Mode.TRAIN, random, 1e-2);
        var e = assertThrows(AssertionError.class, () -> report.assertWithin(1e-3, 1e-3));
        assertTrue(e.getMessage().contains("gradient of input at index"), e.getMessage());
        // the numeric derivative is 2 x r, the analytic one x r: the analytic value is half the numeric one
        var c = report.get("input");
        assertEquals(c.numericAtWorst() / 2, c.analyticAtWorst(), 1e-3 * Math.abs(c.numericAtWorst()));
    }

    @Test
    void aParameterGradientOffByOneElementFails() {
        var random = new SplittableRandom(2);
        Linear fc = new Linear(b, 3, 2, random);
        // shift one weight's gradient after the analytic pass by wrapping backward
        Layer tampered = new Layer() {
            @Override
            public Tensor forward(Tensor x, Mode mode) {
                return fc.forward(x, mode);
            }

            @Override
            public Tensor backward(Tensor gradOutput) {
                Tensor dx = fc.backward(gradOutput);
                float[] g = fc.weight().grad().toArray();
                g[4] += 0.01f;
                fc.weight().grad().backend().write(fc.weight().grad(), g);
                return dx;
            }

            @Override
            public java.util.List<dev.nn.api.layer.Parameter> ownParameters() {
                return fc.ownParameters();
            }
        };
        var report = GradientCheck.layer("Linear with one wrong weight gradient", tampered,
                RandomTensors.gaussian(b, random, 2, 3), Mode.TRAIN, random, 1e-2);
        var e = assertThrows(AssertionError.class, () -> report.assertWithin(1e-3, 1e-3));
        assertTrue(e.getMessage().contains("gradient of weight at index 4"), e.getMessage());
        assertEquals(4, report.get("weight").worst());
    }
}
