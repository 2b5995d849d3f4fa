package dev.nn.api.init;

import dev.nn.api.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Fills a parameter tensor in place, like PyTorch's {@code torch.nn.init.*_} functions. Every random draw comes
 * from the given generator, so one seed gives the same weights on every run.
 */
@FunctionalInterface
public interface Initializer {
    /**
     * Fills a tensor in place.
     *
     * @param tensor the tensor to overwrite
     * @param random the stream to draw from (unused by deterministic initializers)
     */
    void initialize(Tensor tensor, RandomGenerator random);
}
