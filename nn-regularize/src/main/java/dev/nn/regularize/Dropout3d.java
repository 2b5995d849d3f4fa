package dev.nn.regularize;

import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.Map;
import java.util.Optional;

/**
 * Channel-wise dropout for volumes (PyTorch {@code nn.Dropout3d}): input {@code (N, C, D, H, W)} or unbatched
 * {@code (C, D, H, W)}; each whole {@code (n, c)} volume is zeroed with probability {@code p}, the kept ones
 * scaled by {@code float32(1/(1-p))}. As in PyTorch 1.13, any rank other than 5 is read as unbatched (channels
 * first), and ranks other than 4 and 5 log PyTorch's warning (see {@link #inputWarning(Shape)}).
 */
public final class Dropout3d implements Layer {
    private final double p;
    private final ChannelDropout dropout;

    /**
     * Dropout of whole channels of {@code (N, C, D, H, W)} inputs.
     *
     * @param p drop probability in [0, 1]
     * @param noise the model's noise source
     * @throws IllegalArgumentException when p is outside [0, 1]
     */
    public Dropout3d(double p, NoiseSource noise) {
        this.p = DropoutProbability.require(p, "Dropout3d");
        this.dropout = new ChannelDropout(MaskedDropout.Kind.INVERTED, p, noise);
    }

    /** {@return the drop probability} */
    public double p() {
        return p;
    }

    /**
     * The warning PyTorch's {@code dropout3d} gives for an input of this shape; the layer logs it (once per layer)
     * through {@code System.Logger} at WARNING.
     *
     * @param input an input shape
     * @return the warning text, or empty for 4-D and 5-D input
     */
    public static Optional<String> inputWarning(Shape input) {
        int rank = input.rank();
        if (rank == 4 || rank == 5) {
            return Optional.empty();
        }
        return Optional.of("dropout3d: Received a " + rank + "-D input to dropout3d, which is deprecated and will "
                + "result in an error in a future release. To retain the behavior and silence this warning, please "
                + "use dropout instead. Note that dropout3d exists to provide channel-wise dropout on inputs with 3 "
                + "spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 4D or 5D "
                + "inputs).");
    }

    @Override
    public Map<String, Counter> ownNoiseSteps() {
        return dropout.noiseSteps();
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        return dropout.forward(x, mode, x.shape().rank() == 5 ? 2 : 1, inputWarning(x.shape()), kind());
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return dropout.backward(gradOutput, kind());
    }

    @Override
    public String toString() {
        return "Dropout3d(p=" + p + ")";
    }

    @Override
    public void release() {
        dropout.release();
    }
}
