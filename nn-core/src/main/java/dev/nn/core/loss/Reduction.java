package dev.nn.core.loss;

/** How per-element losses are combined, as PyTorch's {@code reduction} argument. */
public enum Reduction {
    /** Average over the batch (PyTorch's default). */
    MEAN,
    /** Sum over the batch. */
    SUM
}
