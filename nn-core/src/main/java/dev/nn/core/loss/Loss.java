package dev.nn.core.loss;

import dev.nn.api.tensor.Tensor;

/**
 * A loss over a batch. {@link #forward} keeps what {@link #backward} needs, so calls alternate like a layer's.
 */
public interface Loss {
    /**
     * @param prediction the model output, e.g. logits {@code (N, classes)}
     * @param target the targets on the same backend (class indices stored as floats, or values)
     * @return the reduced loss (mean or sum, as configured)
     */
    float forward(Tensor prediction, Tensor target);

    /** @return the gradient with respect to the last prediction, scaled by the reduction */
    Tensor backward();
}
