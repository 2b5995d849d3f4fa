package dev.nn.core.layer;

import dev.nn.api.backend.Activation;

/** {@code scale * (x > 0 ? x : alpha * (exp(x) - 1)), self-normalizing}, PyTorch's {@code nn.SELU}. */
public final class SELU extends PointwiseActivation {
    /** Creates the layer. */
    public SELU() {
        super(Activation.SELU, 0f);
    }
}
