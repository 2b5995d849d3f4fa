package dev.nn.regularize;

import dev.nn.api.backend.DropoutKernels;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;

/**
 * Inverted dropout (PyTorch {@code nn.Dropout}): in training mode each element is zeroed with probability
 * {@code p} and the kept ones are multiplied by {@code float32(1/(1-p))}, so {@code E[y] = x}; in eval mode it is
 * the identity. {@code p} is the probability of dropping. Backward multiplies the gradient by the same mask.
 */
public final class Dropout implements Layer {
    private final double p;
    private final MaskedDropout dropout;

    /**
     * PyTorch's default {@code p = 0.5}.
     *
     * @param noise the model's noise source
     */
    public Dropout(NoiseSource noise) {
        this(0.5, noise);
    }

    /**
     * @param p drop probability in [0, 1]
     * @param noise the model's noise source
     * @throws IllegalArgumentException when p is outside [0, 1]
     */
    public Dropout(double p, NoiseSource noise) {
        this.p = DropoutProbability.require(p, "Dropout");
        this.dropout = new MaskedDropout(MaskedDropout.Kind.INVERTED, p, noise);
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

    /** @return the mask state, for tests that regenerate the mask from its key */
    MaskedDropout engine() {
        return dropout;
    }

    @Override
    public String toString() {
        return "Dropout(p=" + p + ")";
    }
}
