package dev.nn.core.layer;

import dev.nn.api.backend.Activation;

/** {@code max(0, x)}, PyTorch's {@code nn.ReLU}. */
public final class ReLU extends PointwiseActivation {
    /** Creates the layer. */
    public ReLU() {
        super(Activation.RELU, 0f);
    }
}
