package dev.nn.regularize;

import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.Map;
import java.util.Optional;

/**
 * Channel-wise dropout for images (PyTorch {@code nn.Dropout2d}): input {@code (N, C, H, W)}; each whole
 * {@code (n, c)} feature map is zeroed with probability {@code p}, the kept ones scaled by
 * {@code float32(1/(1-p))}. Like PyTorch 1.13 it reads any input as {@code (N, C, *)}: a 3-D input is taken as
 * {@code (N, C, L)} (not as unbatched {@code (C, H, W)}), a 2-D input as {@code (N, C)} (element-wise), and both,
 * like every rank other than 3 and 4, log PyTorch's warning (see {@link #inputWarning(Shape)}).
 */
public final class Dropout2d implements Layer {
    private final double p;
    private final ChannelDropout dropout;

    /**
     * Dropout of whole channels of {@code (N, C, H, W)} inputs.
     *
     * @param p drop probability in [0, 1]
     * @param noise the model's noise source
     * @throws IllegalArgumentException when p is outside [0, 1]
     */
    public Dropout2d(double p, NoiseSource noise) {
        this.p = DropoutProbability.require(p, "Dropout2d");
        this.dropout = new ChannelDropout(MaskedDropout.Kind.INVERTED, p, noise);
    }

    /** {@return the drop probability} */
    public double p() {
        return p;
    }

    /**
     * The warning PyTorch's {@code dropout2d} gives for an input of this shape; the layer logs it (once per layer)
     * through {@code System.Logger} at WARNING.
     *
     * @param input an input shape
     * @return the warning text, or empty for 4-D input
     */
    public static Optional<String> inputWarning(Shape input) {
        int rank = input.rank();
        if (rank == 3) {
            return Optional.of("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D "
                    + "dropout behavior is desired - input is interpreted as shape (N, C, L), where C is the channel "
                    + "dim. This behavior will change in a future release to interpret the input as one without a "
                    + "batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, "
                    + "please switch to using dropout1d instead.");
        }
        if (rank != 4) {
            return Optional.of("dropout2d: Received a " + rank + "-D input to dropout2d, which is deprecated and "
                    + "will result in an error in a future release. To retain the behavior and silence this "
                    + "warning, please use dropout instead. Note that dropout2d exists to provide channel-wise "
                    + "dropout on inputs with 2 spatial dimensions, a channel dimension, and an optional batch "
                    + "dimension (i.e. 3D or 4D inputs).");
        }
        return Optional.empty();
    }

    @Override
    public Map<String, Counter> ownNoiseSteps() {
        return dropout.noiseSteps();
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        return dropout.forward(x, mode, 2, inputWarning(x.shape()), kind());
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return dropout.backward(gradOutput, kind());
    }

    @Override
    public String toString() {
        return "Dropout2d(p=" + p + ")";
    }

    @Override
    public void release() {
        dropout.release();
    }
}
