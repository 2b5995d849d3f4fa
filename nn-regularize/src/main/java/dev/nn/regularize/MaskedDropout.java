package dev.nn.regularize;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.DropoutKernels;
import dev.nn.api.backend.NoiseKey;
import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;
import java.util.Map;
import java.util.Objects;

/**
 * Forward and backward of the mask-based dropouts (inverted and alpha), shared by the layers that differ only in
 * how many elements one draw covers. Keeps the forward pass's key; backward regenerates the same mask from it.
 * Mirrors PyTorch's {@code _dropout_impl}: eval mode, {@code p = 0} and empty inputs return the input itself,
 * {@code p = 1} multiplies by zero. The output and the input gradient live in buffers reused from step to step (the
 * Caffe/cuDNN model): what a call returns stays valid until the next call of the same method.
 */
final class MaskedDropout {
    /** Which formula the kept and dropped elements follow. */
    enum Kind {
        /** {@code y = x * (kept ? 1/(1-p) : 0)}. */
        INVERTED,
        /** {@code y = a * (kept ? x : alpha') + b}. */
        ALPHA
    }

    /** What the last forward pass did. */
    private enum Last {
        NONE, IDENTITY, ZEROS, MASKED
    }

    private final Kind kind;
    private final double p;
    private final NoiseSource.Stream stream;
    private Last last = Last.NONE;
    private NoiseKey key;
    private int group;
    private Shape shape;
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGradient = new TensorSlot();

    MaskedDropout(Kind kind, double p, NoiseSource noise) {
        this.kind = kind;
        this.p = p;
        this.stream = Objects.requireNonNull(noise, "noise source").newStream();
    }

    /** @return whether a forward pass in this mode, on this many values, draws a mask */
    boolean active(Mode mode, int size) {
        return mode == Mode.TRAIN && p > 0.0 && p < 1.0 && size > 0;
    }

    /**
     * @param x input
     * @param mode train or eval
     * @param group elements per draw; must divide the size when a mask is drawn
     * @return the output, or x itself when dropout is off
     */
    Tensor forward(Tensor x, Mode mode, int group) {
        Objects.requireNonNull(mode, "mode");
        shape = x.shape();
        if (mode == Mode.EVAL || p == 0.0 || x.size() == 0) {
            last = Last.IDENTITY;
            return x;
        }
        Tensor y = output.get(x.backend(), x.shape());     // every kernel below overwrites it
        if (p == 1.0) {
            last = Last.ZEROS;
            x.backend().scale(y, x, 0f);          // x * 0: NaN and infinities become NaN, negatives -0.0
            return y;
        }
        key = stream.nextKey();
        this.group = group;
        last = Last.MASKED;
        DropoutKernels k = x.backend().dropout();
        if (kind == Kind.INVERTED) {
            k.bernoulliForward(y, x, key, p, group);
        } else {
            k.alphaForward(y, x, key, p, group);
        }
        return y;
    }

    /**
     * @param dy gradient of the last output
     * @param layer the layer's name, for messages
     * @return gradient of the last input
     */
    Tensor backward(Tensor dy, String layer) {
        if (last == Last.NONE) {
            throw new IllegalStateException(layer + ".backward was called before forward; run forward(x, mode) "
                    + "first so the layer knows its mask");
        }
        if (!dy.shape().equals(shape)) {
            throw new ShapeException(layer + " got a gradient of shape " + dy.shape() + " but its last output had "
                    + "shape " + shape + "; pass the gradient of this layer's output");
        }
        if (last == Last.IDENTITY) {
            return dy;
        }
        if (last == Last.ZEROS) {
            Tensor dx = inputGradient.get(dy.backend(), dy.shape());
            dy.backend().scale(dx, dy, 0f);
            return dx;
        }
        Tensor dx = inputGradient.zeroed(dy.backend(), dy.shape());     // the mask kernels accumulate
        if (kind == Kind.INVERTED) {
            dy.backend().dropout().bernoulliBackward(dx, dy, key, p, group);
        } else {
            dy.backend().dropout().alphaBackward(dx, dy, key, p, group);
        }
        return dx;
    }

    /** @return the key of the last masked forward pass, or null when it drew no mask */
    NoiseKey lastKey() {
        return last == Last.MASKED ? key : null;
    }

    /** @return the step counter of the layer's noise stream, under the name layers report it by */
    Map<String, Counter> noiseSteps() {
        return Map.of(NoiseSource.STEP, stream.step());
    }

    /** @return the layer's stream id */
    int streamId() {
        return stream.id();
    }

    /** Returns the mask and output buffers to their backend. */
    void release() {
        output.free();
        inputGradient.free();
    }
}
