package dev.nn.core.layer;

import dev.nn.api.backend.Activation;

/** {@code x >= 0 ? x : slope * x}, PyTorch's {@code nn.LeakyReLU} (default slope 0.01). */
public final class LeakyReLU extends PointwiseActivation {
    private final float negativeSlope;

    /** With PyTorch's default negative slope 0.01. */
    public LeakyReLU() {
        this(0.01f);
    }

    /**
     * A leaky ReLU with the given slope below zero.
     *
     * @param negativeSlope slope for negative inputs
     */
    public LeakyReLU(float negativeSlope) {
        super(Activation.LEAKY_RELU, negativeSlope);
        this.negativeSlope = negativeSlope;
    }

    /** {@return the negative slope} */
    public float negativeSlope() {
        return negativeSlope;
    }

    @Override
    public String toString() {
        return "LeakyReLU(negative_slope=" + negativeSlope + ")";
    }
}
