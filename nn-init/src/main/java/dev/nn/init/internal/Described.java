package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * An initializer with the text that names it and its settings, e.g. {@code kaiming_normal(a=0.0, mode=fan_in,
 * nonlinearity=relu)}, so reports can say what was applied.
 *
 * @param description the name and settings
 * @param body the work
 */
public record Described(String description, Initializer body) implements Initializer {
    @Override
    public void initialize(Tensor tensor, RandomGenerator random) {
        body.initialize(tensor, random);
    }

    @Override
    public String toString() {
        return description;
    }
}
