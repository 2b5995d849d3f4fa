package dev.nn.norm;

import static org.junit.jupiter.api.Assertions.fail;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Central-difference gradient check: the loss {@code L = sum(y * r)} with a fixed random r is accumulated in double;
 * each input and parameter value is moved by +-h and {@code (L+ - L-) / 2h} is compared with the analytic gradient
 * from {@code backward(r)}. Step and tolerance are sized for float32 forward passes of O(1) values.
 */
final class GradientCheck {
    private static final double H = 1e-2;
    private static final double ABS = 2e-3;
    private static final double REL = 1e-2;

    private GradientCheck() {
    }

    /** @return the largest |analytic - numeric| over inputs and parameters (fails on any out-of-tolerance value) */
    static double check(Layer layer, Tensor x, Mode mode, RandomGenerator rng) {
        Tensor y = layer.forward(x, mode);
        Tensor r = Fixtures.tensor(Fixtures.normal(rng, y.size(), 0, 1), y.shape().toArray());
        layer.zeroGrad();
        float[] dx = layer.backward(r).toArray();
        double worst = 0;
        float[] xs = x.toArray();
        for (int i = 0; i < xs.length; i++) {
            final int at = i;
            double numeric = numeric(() -> loss(layer, Fixtures.tensor(xs, x.shape().toArray()), mode, r),
                    d -> xs[at] += (float) d);
            worst = Math.max(worst, compare("dx[" + i + "]", dx[i], numeric));
        }
        for (Parameter p : layer.ownParameters()) {
            float[] grad = p.grad().toArray();
            float[] values = p.value().toArray();
            for (int i = 0; i < values.length; i++) {
                final int at = i;
                double numeric = numeric(() -> loss(layer, x, mode, r), d -> {
                    values[at] += (float) d;
                    p.set(values);
                });
                worst = Math.max(worst, compare(p.name() + "[" + i + "]", grad[i], numeric));
            }
        }
        return worst;
    }

    private static double numeric(java.util.function.DoubleSupplier loss, java.util.function.DoubleConsumer move) {
        move.accept(H);
        double plus = loss.getAsDouble();
        move.accept(-2 * H);
        double minus = loss.getAsDouble();
        move.accept(H);
        return (plus - minus) / (2 * H);
    }

    private static double loss(Layer layer, Tensor x, Mode mode, Tensor r) {
        float[] y = layer.forward(x, mode).toArray();
        float[] rs = r.toArray();
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += (double) y[i] * rs[i];
        }
        return sum;
    }

    private static double compare(String what, double analytic, double numeric) {
        double diff = Math.abs(analytic - numeric);
        if (diff > ABS + REL * Math.abs(numeric)) {
            fail(what + ": analytic " + analytic + " vs central difference " + numeric);
        }
        return diff;
    }
}
