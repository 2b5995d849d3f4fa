package dev.nn.api.layer;

import dev.nn.api.ShapeException;
import dev.nn.api.tensor.Tensor;

/**
 * A trainable tensor and its gradient, which backward passes accumulate into and optimizers read.
 */
public final class Parameter {
    private final String name;
    private final ParameterRole role;
    private final Tensor value;
    private final Tensor grad;

    /**
     * A parameter with a zero gradient of the value's shape.
     *
     * @param name the name within its layer, e.g. {@code weight}
     * @param role what it does
     * @param value the values; the gradient is allocated beside it on the same backend
     */
    public Parameter(String name, ParameterRole role, Tensor value) {
        this.name = name;
        this.role = role;
        this.value = value;
        this.grad = value.backend().zeros(value.shape());
    }

    /** {@return the name within its layer} */
    public String name() {
        return name;
    }

    /** {@return what the parameter does} */
    public ParameterRole role() {
        return role;
    }

    /** {@return the values} */
    public Tensor value() {
        return value;
    }

    /** {@return the accumulated gradient} */
    public Tensor grad() {
        return grad;
    }

    /** Sets the gradient to zero before the next backward pass. */
    public void zeroGrad() {
        grad.backend().fill(grad, 0f);
    }

    /**
     * Overwrites the values (loading a checkpoint, initializing).
     *
     * @param values exactly {@code value().size()} row-major values
     */
    public void set(float[] values) {
        if (values.length != value.size()) {
            throw new ShapeException("Parameter '" + name + "' has shape " + value.shape() + " (" + value.size()
                    + " values) but " + values.length + " values were given");
        }
        value.backend().write(value, values);
    }

    @Override
    public String toString() {
        return name + " " + value.shape() + " (" + role + ")";
    }
}
