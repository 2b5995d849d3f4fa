package dev.nn.regularize;

import dev.nn.api.ShapeException;
import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PyTorch's {@code feature_dropout}: one draw per {@code (n, c)} plane, applied to every element of the plane.
 * The layers differ in how they read the input's rank (batched or not) and what they warn about; this class does
 * the rest and logs each distinct warning once per layer, as Python's default warning filter does per call site.
 */
final class ChannelDropout {
    private static final System.Logger LOG = System.getLogger(ChannelDropout.class.getName());

    private final MaskedDropout dropout;
    private final Set<String> warned = new HashSet<>();

    ChannelDropout(MaskedDropout.Kind kind, double p, NoiseSource noise) {
        this.dropout = new MaskedDropout(kind, p, noise);
    }

    /**
     * @param x input
     * @param mode train or eval
     * @param planeStart first dimension of a plane once the input is read as {@code (N, C, *)}: 2 for batched
     *                   input, 1 for unbatched input (PyTorch unsqueezes a batch of one)
     * @param warning the warning this input deserves, if any
     * @param layer the layer's name, for messages
     * @return the output
     */
    Tensor forward(Tensor x, Mode mode, int planeStart, Optional<String> warning, String layer) {
        warning.ifPresent(w -> {
            if (warned.add(w)) {
                LOG.log(System.Logger.Level.WARNING, w);
            }
        });
        Shape s = x.shape();
        if (dropout.active(mode, x.size()) && s.rank() + (2 - planeStart) < 2) {
            throw new ShapeException("Feature dropout requires at least 2 dimensions in the input: " + layer
                    + " got shape " + s + "; give it (N, C, ...) input, or use Dropout for element-wise dropout");
        }
        int group = planeStart <= s.rank() ? s.product(planeStart, s.rank()) : 1;
        return dropout.forward(x, mode, group);
    }

    Tensor backward(Tensor dy, String layer) {
        return dropout.backward(dy, layer);
    }

    /** @return the step counter of the mask stream */
    Map<String, Counter> noiseSteps() {
        return dropout.noiseSteps();
    }

    /** Returns the planes' buffers to their backend. */
    void release() {
        dropout.release();
    }
}
