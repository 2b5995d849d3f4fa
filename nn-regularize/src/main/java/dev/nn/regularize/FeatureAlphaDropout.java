package dev.nn.regularize;

import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;
import java.util.Map;
import java.util.Optional;

/**
 * Alpha dropout of whole channels (PyTorch {@code nn.FeatureAlphaDropout}): input {@code (N, C, *)}; each
 * {@code (n, c)} plane is either kept and mapped to {@code a*x + b} or dropped to {@code a*alpha' + b}, with the
 * constants of {@link AlphaDropout}.
 */
public final class FeatureAlphaDropout implements Layer {
    private final double p;
    private final ChannelDropout dropout;

    /**
     * Alpha dropout of whole channels.
     *
     * @param p drop probability in [0, 1]
     * @param noise the model's noise source
     * @throws IllegalArgumentException when p is outside [0, 1]
     */
    public FeatureAlphaDropout(double p, NoiseSource noise) {
        this.p = DropoutProbability.require(p, "FeatureAlphaDropout");
        this.dropout = new ChannelDropout(MaskedDropout.Kind.ALPHA, p, noise);
    }

    /** {@return the drop probability} */
    public double p() {
        return p;
    }

    @Override
    public Map<String, Counter> ownNoiseSteps() {
        return dropout.noiseSteps();
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        return dropout.forward(x, mode, 2, Optional.empty(), kind());
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return dropout.backward(gradOutput, kind());
    }

    @Override
    public String toString() {
        return "FeatureAlphaDropout(p=" + p + ")";
    }

    @Override
    public void release() {
        dropout.release();
    }
}
