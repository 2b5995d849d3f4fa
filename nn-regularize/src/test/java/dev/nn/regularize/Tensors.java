package dev.nn.regularize;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/** Test helpers: the scalar backend (through ServiceLoader) and small tensor factories. */
final class Tensors {
    static final Backend SCALAR = Backends.select("scalar");

    private Tensors() {
    }

    static Tensor of(int[] dims, float... values) {
        return SCALAR.tensor(Shape.of(dims), values);
    }

    static Tensor vector(float... values) {
        return SCALAR.tensor(Shape.of(values.length), values);
    }

    static Tensor filled(float value, int... dims) {
        Tensor t = SCALAR.zeros(Shape.of(dims));
        SCALAR.fill(t, value);
        return t;
    }

    static Tensor normal(long seed, int... dims) {
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        Tensor t = SCALAR.zeros(Shape.of(dims));
        float[] v = new float[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        SCALAR.write(t, v);
        return t;
    }

    static Tensor ramp(int... dims) {
        Tensor t = SCALAR.zeros(Shape.of(dims));
        float[] v = new float[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.25f + 0.5f * (i % 17) - 3f * (i % 3);
        }
        SCALAR.write(t, v);
        return t;
    }

    /** @return the number of values equal to zero */
    static int zeros(float[] v) {
        return (int) java.util.stream.IntStream.range(0, v.length).filter(i -> v[i] == 0f).count();
    }

    /** Binomial bound: |k - n q| <= sigmas * sqrt(n q (1 - q)). */
    static boolean withinBinomial(long k, long n, double q, double sigmas) {
        return Math.abs(k - n * q) <= sigmas * Math.sqrt(n * q * (1 - q));
    }

    static String head(float[] v) {
        return Arrays.toString(Arrays.copyOf(v, Math.min(v.length, 12)));
    }
}
