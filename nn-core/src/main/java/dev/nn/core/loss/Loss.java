package dev.nn.core.loss;

import dev.nn.api.tensor.Tensor;

/**
 * A loss over a batch. {@link #forward} keeps what {@link #backward} needs, so calls alternate like a layer's.
 * The reduced loss stays on the backend as a one-value tensor, so a training step never waits for it; read it
 * with {@link Tensor#item()} when the value is wanted on the host.
 */
public interface Loss {
    /**
     * {@return the reduced loss (mean or sum, as configured), a one-value tensor of shape {@code ()} owned by the loss
     * and overwritten by its next forward}
     *
     * @param prediction the model output, e.g. logits {@code (N, classes)}
     * @param target the targets on the same backend (class indices stored as floats, or values)
     */
    Tensor forward(Tensor prediction, Tensor target);

    /** {@return the gradient with respect to the last prediction, scaled by the reduction; owned by the loss} */
    Tensor backward();

    /** Returns the tensors the loss keeps between calls to their backend; the next forward allocates again. */
    default void release() {
    }
}
