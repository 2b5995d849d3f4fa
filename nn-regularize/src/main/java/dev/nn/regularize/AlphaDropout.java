package dev.nn.regularize;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;

/**
 * Alpha dropout for self-normalizing networks (Klambauer et al. 2017; PyTorch {@code nn.AlphaDropout}): dropped
 * units are set to SELU's negative saturation {@code alpha' = -lambda*alpha} and an affine map
 * {@code a*(.) + b} with {@code a = ((1-p)(1 + p alpha'^2))^(-1/2)}, {@code b = -a alpha' p} restores the mean and
 * variance, so zero-mean unit-variance input (SELU's fixed point) keeps mean 0 and variance 1. In eval mode, and
 * for {@code p = 0}, the identity; {@code p = 1} gives {@code x * 0} as in PyTorch.
 */
public final class AlphaDropout implements Layer {
    private final double p;
    private final MaskedDropout dropout;

    /**
     * @param p drop probability in [0, 1]
     * @param noise the model's noise source
     * @throws IllegalArgumentException when p is outside [0, 1]
     */
    public AlphaDropout(double p, NoiseSource noise) {
        this.p = DropoutProbability.require(p, "AlphaDropout");
        this.dropout = new MaskedDropout(MaskedDropout.Kind.ALPHA, p, noise);
    }

    /** @return the drop probability */
    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        return dropout.forward(x, mode, 1);
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return dropout.backward(gradOutput, kind());
    }

    @Override
    public String toString() {
        return "AlphaDropout(p=" + p + ")";
    }
}
