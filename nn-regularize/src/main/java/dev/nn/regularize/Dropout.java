package dev.nn.regularize;

import dev.nn.api.backend.DropoutKernels;

/**
 * Inverted dropout (PyTorch {@code nn.Dropout}): in training mode each element is zeroed with probability
 * {@code p} and the kept ones are multiplied by {@code float32(1/(1-p))}, so {@code E[y] = x}; in eval mode it is
 * the identity. {@code p} is the probability of dropping. Backward multiplies the gradient by the same mask.
 */
public final class Dropout extends ElementDropout {
    /**
     * PyTorch's default {@code p = 0.5}.
     *
     * @param noise the model's noise source
     */
    public Dropout(NoiseSource noise) {
        this(0.5, noise);
    }

    /**
     * Inverted dropout of single elements.
     *
     * @param p drop probability in [0, 1]
     * @param noise the model's noise source
     * @throws IllegalArgumentException when p is outside [0, 1]
     */
    public Dropout(double p, NoiseSource noise) {
        super("Dropout", MaskedDropout.Kind.INVERTED, p, noise);
    }

    /**
     * The factor kept elements are multiplied by: {@code 1/(1-p)} rounded once to float32, as PyTorch.
     *
     * @param p drop probability in [0, 1)
     * @return {@code float32(1/(1-p))}
     */
    public static float scale(double p) {
        return DropoutKernels.scale(DropoutProbability.require(p, "Dropout"));
    }
}
