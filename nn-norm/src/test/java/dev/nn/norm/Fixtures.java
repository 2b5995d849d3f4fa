package dev.nn.norm;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/** The scalar reference backend (found through ServiceLoader) and seeded random tensors. */
final class Fixtures {
    static final Backend SCALAR = Backends.select("scalar");

    private Fixtures() {
    }

    static RandomGenerator random(long seed) {
        return RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    }

    static float[] normal(RandomGenerator rng, int n, double mean, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (mean + std * rng.nextGaussian());
        }
        return v;
    }

    static Tensor tensor(float[] values, int... dims) {
        return SCALAR.tensor(Shape.of(dims), values);
    }

    static Tensor randn(RandomGenerator rng, int... dims) {
        return tensor(normal(rng, Shape.of(dims).size(), 0, 1), dims);
    }
}
