package dev.nn.regularize;

import dev.nn.api.ShapeException;
import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.Map;
import java.util.Optional;

/**
 * Channel-wise dropout for sequences (PyTorch {@code nn.Dropout1d}): input {@code (N, C, L)}, or unbatched
 * {@code (C, L)}; each whole length-L channel is zeroed with probability {@code p}, the kept ones scaled by
 * {@code float32(1/(1-p))}. Other ranks are an error, as in PyTorch.
 */
public final class Dropout1d implements Layer {
    private final double p;
    private final ChannelDropout dropout;

    /**
     * Dropout of whole channels of {@code (N, C, L)} inputs.
     *
     * @param p drop probability in [0, 1]
     * @param noise the model's noise source
     * @throws IllegalArgumentException when p is outside [0, 1]
     */
    public Dropout1d(double p, NoiseSource noise) {
        this.p = DropoutProbability.require(p, "Dropout1d");
        this.dropout = new ChannelDropout(MaskedDropout.Kind.INVERTED, p, noise);
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
        Shape s = x.shape();
        if (s.rank() != 2 && s.rank() != 3) {
            throw new ShapeException("dropout1d: Expected 2D or 3D input, but received a " + s.rank() + "D input "
                    + s + ". Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial "
                    + "dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs); "
                    + "use Dropout2d/Dropout3d for images and volumes, Dropout for features");
        }
        return dropout.forward(x, mode, s.rank() == 3 ? 2 : 1, Optional.empty(), kind());
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return dropout.backward(gradOutput, kind());
    }

    @Override
    public String toString() {
        return "Dropout1d(p=" + p + ")";
    }

    @Override
    public void release() {
        dropout.release();
    }
}
