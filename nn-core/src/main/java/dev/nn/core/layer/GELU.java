package dev.nn.core.layer;

import dev.nn.api.backend.Activation;

/** {@code x * Phi(x), exact (PyTorch approximate='none')}, PyTorch's {@code nn.GELU}. */
public final class GELU extends PointwiseActivation {
    /** Creates the layer. */
    public GELU() {
        super(Activation.GELU, 0f);
    }
}
