package dev.nn.regularize;

/**
 * Alpha dropout for self-normalizing networks (Klambauer et al. 2017; PyTorch {@code nn.AlphaDropout}): dropped
 * units are set to SELU's negative saturation {@code alpha' = -lambda*alpha} and an affine map
 * {@code a*(.) + b} with {@code a = ((1-p)(1 + p alpha'^2))^(-1/2)}, {@code b = -a alpha' p} restores the mean and
 * variance, so zero-mean unit-variance input (SELU's fixed point) keeps mean 0 and variance 1. In eval mode, and
 * for {@code p = 0}, the identity; {@code p = 1} gives {@code x * 0} as in PyTorch.
 */
public final class AlphaDropout extends ElementDropout {
    /**
     * Alpha dropout for SELU networks: keeps the mean and variance of its input.
     *
     * @param p drop probability in [0, 1]
     * @param noise the model's noise source
     * @throws IllegalArgumentException when p is outside [0, 1]
     */
    public AlphaDropout(double p, NoiseSource noise) {
        super("AlphaDropout", MaskedDropout.Kind.ALPHA, p, noise);
    }
}
