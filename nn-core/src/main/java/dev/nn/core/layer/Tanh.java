package dev.nn.core.layer;

import dev.nn.api.backend.Activation;

/** {@code tanh(x)}, PyTorch's {@code nn.Tanh}. */
public final class Tanh extends PointwiseActivation {
    /** Creates the layer. */
    public Tanh() {
        super(Activation.TANH, 0f);
    }
}
