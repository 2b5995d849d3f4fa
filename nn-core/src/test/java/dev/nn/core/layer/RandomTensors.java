package dev.nn.core.layer;

import dev.nn.api.backend.Backend;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.random.RandomGenerator;

/** Random test inputs shaped for gradient checks: plain Gaussian, kept away from zero, or free of ties. */
public final class RandomTensors {
    private RandomTensors() {
    }

    /**
     * @param b backend
     * @param random source
     * @param dims shape
     * @return standard normal values
     */
    public static Tensor gaussian(Backend b, RandomGenerator random, int... dims) {
        float[] v = new float[Shape.of(dims).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return b.tensor(Shape.of(dims), v);
    }

    /**
     * Values with {@code |v|} in {@code [margin, margin + 1)} and a random sign: no element sits within
     * {@code margin} of a kink at 0.
     *
     * @param b backend
     * @param random source
     * @param margin smallest magnitude
     * @param dims shape
     * @return the tensor
     */
    public static Tensor awayFromZero(Backend b, RandomGenerator random, double margin, int... dims) {
        float[] v = new float[Shape.of(dims).size()];
        for (int i = 0; i < v.length; i++) {
            double magnitude = margin + random.nextDouble();
            v[i] = (float) (random.nextBoolean() ? magnitude : -magnitude);
        }
        return b.tensor(Shape.of(dims), v);
    }

    /**
     * A random permutation of {@code 0, spacing, 2 spacing, ...} shifted to be centred on 0: every two values
     * differ by at least {@code spacing}, so a max window has one clear winner.
     *
     * @param b backend
     * @param random source
     * @param spacing gap between neighbouring values
     * @param dims shape
     * @return the tensor
     */
    public static Tensor distinct(Backend b, RandomGenerator random, double spacing, int... dims) {
        int n = Shape.of(dims).size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((order[i] - n / 2.0) * spacing);
        }
        return b.tensor(Shape.of(dims), v);
    }
}
