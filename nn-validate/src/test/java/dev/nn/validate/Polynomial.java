package dev.nn.validate;

import java.util.random.RandomGenerator;

/**
 * The data of d2l.ai's "Model Selection, Underfitting, and Overfitting":
 * {@code y = 5 + 1.2x - 3.4x^2/2! + 5.6x^3/3! + N(0, 0.1^2)}, {@code x ~ N(0, 1)}, features {@code x^i / i!}.
 */
final class Polynomial {
    static final double NOISE_VARIANCE = 0.01;

    final float[] x;
    final float[] y;

    Polynomial(int n, RandomGenerator random) {
        x = new float[n];
        y = new float[n];
        for (int i = 0; i < n; i++) {
            double v = random.nextGaussian();
            x[i] = (float) v;
            y[i] = (float) (5 + 1.2 * v - 3.4 * v * v / 2 + 5.6 * v * v * v / 6 + 0.1 * random.nextGaussian());
        }
    }

    /** @return rows {@code [x^0/0!, x^1/1!, ..., x^degree/degree!]} */
    float[][] features(int degree) {
        float[][] f = new float[x.length][degree + 1];
        for (int i = 0; i < x.length; i++) {
            double term = 1;
            for (int k = 0; k <= degree; k++) {
                if (k > 0) {
                    term *= x[i] / (double) k;
                }
                f[i][k] = (float) term;
            }
        }
        return f;
    }
}
