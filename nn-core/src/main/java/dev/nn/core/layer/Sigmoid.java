package dev.nn.core.layer;

import dev.nn.api.backend.Activation;

/** {@code 1 / (1 + exp(-x))}, PyTorch's {@code nn.Sigmoid}. */
public final class Sigmoid extends PointwiseActivation {
    /** Creates the layer. */
    public Sigmoid() {
        super(Activation.SIGMOID, 0f);
    }
}
