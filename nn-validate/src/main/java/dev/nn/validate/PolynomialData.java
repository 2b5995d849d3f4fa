package dev.nn.validate;

import dev.nn.api.backend.Backend;
import dev.nn.core.layer.Linear;
import dev.nn.core.loss.MSELoss;
import dev.nn.core.optim.Sgd;
import java.util.random.RandomGenerator;

/**
 * The data of d2l.ai's "Model Selection, Underfitting, and Overfitting":
 * {@code y = 5 + 1.2x - 3.4x^2/2! + 5.6x^3/3! + N(0, 0.1^2)}, {@code x ~ N(0, 1)}, features {@code x^i / i!}.
 * A model of degree 3 can reach the noise variance {@link #NOISE_VARIANCE}; degree 1 cannot (under-fits), and
 * degree 20 on few samples fits the noise (over-fits). {@link #fitter} is d2l's training setup for it.
 */
public final class PolynomialData {
    /** Variance of the label noise: the lowest mean squared error any model can expect on fresh samples. */
    public static final double NOISE_VARIANCE = 0.01;

    private final float[] x;
    private final float[] y;

    private PolynomialData(float[] x, float[] y) {
        this.x = x;
        this.y = y;
    }

    /**
     * {@return the samples}
     *
     * @param n number of samples, >= 1
     * @param random draws x (one Gaussian) then the noise (one Gaussian) per sample, in sample order
     */
    public static PolynomialData generate(int n, RandomGenerator random) {
        if (n < 1) {
            throw new IllegalArgumentException("PolynomialData needs at least 1 sample, got " + n);
        }
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double v = random.nextGaussian();
            x[i] = (float) v;
            y[i] = (float) (5 + 1.2 * v - 3.4 * v * v / 2 + 5.6 * v * v * v / 6 + 0.1 * random.nextGaussian());
        }
        return new PolynomialData(x, y);
    }

    /** {@return number of samples} */
    public int size() {
        return x.length;
    }

    /** {@return a copy of the inputs x} */
    public float[] x() {
        return x.clone();
    }

    /** {@return a copy of the noisy targets y} */
    public float[] y() {
        return y.clone();
    }

    /**
     * {@return rows {@code [x^0/0!, x^1/1!, ..., x^degree/degree!]}}
     *
     * @param degree highest power, >= 0
     */
    public float[][] features(int degree) {
        if (degree < 0) {
            throw new IllegalArgumentException("Polynomial degree must be >= 0, got " + degree);
        }
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

    /**
     * d2l's training setup for a polynomial model of the given degree on these samples: nn-core {@code Linear}
     * without bias (the {@code x^0} column is the bias), SGD with momentum 0.9 and lr 0.01, batch 10,
     * {@code MSELoss}, unstandardized features.
     *
     * @param degree highest power of the model
     * @param epochs training epochs
     * @param backend where the model lives
     * @return a fitter for {@link CrossValidation} or {@link LearningCurve} over {@code Samples.of(size())}
     */
    public NetworkFitter fitter(int degree, int epochs, Backend backend) {
        return NetworkFitter.builder().setData(features(degree), y).setBackend(backend)
                .setModel((b, in, r) -> new Linear(b, in, 1, false, r)).setLoss(MSELoss::new)
                .setOptimizer(p -> new Sgd(p, 0.01, 0.9, 0, 0, false)).optEpochs(epochs).optBatchSize(10)
                .optStandardize(false).build();
    }
}
