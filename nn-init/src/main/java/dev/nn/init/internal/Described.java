package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * An initializer with the text that names it and its settings, e.g. {@code kaiming_normal(a=0.0, mode=fan_in,
 * nonlinearity=relu)}, so reports can say what was applied, and the standard deviation of the values it gives a
 * tensor of a given shape, so reports can compare it with what they measure.
 *
 * @param description the name and settings
 * @param body the work
 * @param std the standard deviation of the values written into a tensor of the given shape (NaN when not known)
 */
public record Described(String description, Initializer body, ToDoubleFunction<Shape> std) implements Initializer {
    /**
     * An initializer whose standard deviation is not known.
     *
     * @param description the name and settings
     * @param body the work
     */
    public Described(String description, Initializer body) {
        this(description, body, shape -> Double.NaN);
    }

    @Override
    public void initialize(Tensor tensor, RandomGenerator random) {
        body.initialize(tensor, random);
    }

    @Override
    public String toString() {
        return description;
    }
}
