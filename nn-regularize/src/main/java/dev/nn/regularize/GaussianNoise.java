package dev.nn.regularize;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.NoiseKey;
import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;
import java.util.Map;
import java.util.Objects;

/**
 * Additive Gaussian noise (Keras {@code GaussianNoise}): in training mode {@code y = x + n} with
 * {@code n ~ N(0, stddev^2)} per element; in eval mode the identity. The gradient passes through unchanged. The
 * output lives in a buffer reused from step to step (the Caffe/cuDNN model): it stays valid until the next forward.
 */
public final class GaussianNoise implements Layer {
    private final float stddev;
    private final NoiseSource.Stream stream;
    private final TensorSlot output = new TensorSlot();
    private Shape shape;

    /**
     * Additive Gaussian noise in training mode.
     *
     * @param stddev standard deviation of the noise, finite and {@code >= 0}
     * @param noiseSource the model's noise source
     * @throws IllegalArgumentException when stddev is negative or not finite
     */
    public GaussianNoise(double stddev, NoiseSource noiseSource) {
        if (!(stddev >= 0.0 && Double.isFinite(stddev))) {
            throw new IllegalArgumentException("GaussianNoise stddev must be finite and >= 0, got " + stddev
                    + "; it is the standard deviation of the added noise, in the units of the input");
        }
        this.stddev = (float) stddev;
        this.stream = Objects.requireNonNull(noiseSource, "noise source").newStream();
    }

    /** {@return the noise's standard deviation} */
    public float stddev() {
        return stddev;
    }

    @Override
    public Map<String, Counter> ownNoiseSteps() {
        return Map.of(NoiseSource.STEP, stream.step());
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Objects.requireNonNull(mode, "mode");
        shape = x.shape();
        if (mode == Mode.EVAL || stddev == 0f) {
            return x;
        }
        NoiseKey key = stream.nextKey();
        Tensor y = output.get(x.backend(), x.shape());     // overwritten by the draws
        x.backend().dropout().normalNoise(y, key, 0f, stddev, 0);
        x.backend().add(y, y, x);
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (shape == null) {
            throw new IllegalStateException("GaussianNoise.backward was called before forward; run forward(x, mode) "
                    + "first");
        }
        if (!gradOutput.shape().equals(shape)) {
            throw new ShapeException("GaussianNoise got a gradient of shape " + gradOutput.shape() + " but its last "
                    + "output had shape " + shape + "; pass the gradient of this layer's output");
        }
        return gradOutput;
    }

    @Override
    public String toString() {
        return "GaussianNoise(stddev=" + stddev + ")";
    }

    @Override
    public void release() {
        output.free();
    }
}
