package dev.nn.validate;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import java.util.random.RandomGenerator;

/** Builds a fresh, freshly initialized model for one fold. */
@FunctionalInterface
public interface ModelFactory {
    /**
     * {@return a new model}
     *
     * @param backend where the parameters live
     * @param inputFeatures number of input features
     * @param random the fold's generator: initialize from it only
     */
    Layer create(Backend backend, int inputFeatures, RandomGenerator random);
}
