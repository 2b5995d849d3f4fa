package dev.nn.regularize;

import dev.nn.api.ShapeException;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import java.util.Map;

/**
 * The max-norm constraint (Srivastava et al. 2014; Keras {@code MaxNorm}): after each optimizer step every unit's
 * incoming weight vector is rescaled to an L2 norm of at most {@code c}. A unit is a slice along dimension 0: a
 * row of a Linear weight {@code (out, in)}, an output channel of a convolution weight {@code (out, in, kH, kW)}.
 * Keras's formula is applied to every unit, {@code w * min(norm, c) / (1e-7 + norm)}, so a unit inside the ball
 * changes by a relative 1e-7/norm at most.
 */
public final class MaxNorm {
    /** Keras's {@code epsilon()}. */
    public static final float EPSILON = 1e-7f;

    private final float maxValue;

    /** Keras's default bound {@code max_value = 2}. */
    public MaxNorm() {
        this(2.0);
    }

    /**
     * A max-norm constraint.
     *
     * @param maxValue the largest norm a unit may keep, {@code > 0}
     */
    public MaxNorm(double maxValue) {
        if (!(maxValue > 0.0 && Double.isFinite(maxValue))) {
            throw new IllegalArgumentException("MaxNorm bound must be finite and > 0, got " + maxValue
                    + " (typical values are 2 to 4)");
        }
        this.maxValue = (float) maxValue;
    }

    /** {@return the bound c} */
    public float maxValue() {
        return maxValue;
    }

    /**
     * Constrains one weight.
     *
     * @param weight a parameter of rank {@code >= 2}, units along dimension 0
     */
    public void apply(Parameter weight) {
        Shape s = weight.value().shape();
        if (s.rank() < 2) {
            throw new ShapeException("MaxNorm constrains the rows of a weight of rank >= 2, but '" + weight.name()
                    + "' has shape " + s + "; apply it to Linear or convolution weights, not to biases");
        }
        int rows = s.dim(0);
        weight.value().backend().dropout().maxNormRows(weight.value(), rows, s.product(1, s.rank()), maxValue,
                EPSILON);
    }

    /**
     * Constrains every {@link ParameterRole#WEIGHT} of a model and leaves the other parameters alone.
     *
     * @param parameters named parameters, e.g. {@code model.namedParameters()}
     */
    public void applyToWeights(Map<String, Parameter> parameters) {
        for (Parameter p : parameters.values()) {
            if (p.role() == ParameterRole.WEIGHT && p.value().shape().rank() >= 2) {
                apply(p);
            }
        }
    }

    @Override
    public String toString() {
        return "MaxNorm(" + maxValue + ")";
    }
}
