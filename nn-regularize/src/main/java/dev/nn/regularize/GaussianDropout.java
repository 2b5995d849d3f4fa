package dev.nn.regularize;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.NoiseKey;
import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;
import java.util.Map;
import java.util.Objects;

/**
 * Multiplicative Gaussian noise (Keras {@code GaussianDropout}, Srivastava et al. 2014 section 10): in training
 * mode {@code y = x * n} with {@code n ~ N(1, p/(1-p))} per element (standard deviation {@code sqrt(p/(1-p))}, the
 * variance of inverted Bernoulli dropout with drop rate p); in eval mode the identity. The noise, the output and the
 * input gradient live in buffers reused from step to step (the Caffe/cuDNN model): what a call returns stays valid
 * until the next call of the same method.
 */
public final class GaussianDropout implements Layer {
    private final double rate;
    private final float stddev;
    private final NoiseSource.Stream stream;
    private final TensorSlot noiseSlot = new TensorSlot();
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGradient = new TensorSlot();
    private Tensor noise;          // the last training step's n, for backward; null when the last pass was the identity
    private boolean forwarded;

    /**
     * Multiplicative Gaussian noise with the variance of dropout at {@code rate}.
     *
     * @param rate drop rate p in [0, 1); 0 disables the layer
     * @param noiseSource the model's noise source
     * @throws IllegalArgumentException when rate is outside [0, 1)
     */
    public GaussianDropout(double rate, NoiseSource noiseSource) {
        if (!(rate >= 0.0 && rate < 1.0)) {
            throw new IllegalArgumentException("GaussianDropout rate must be in [0, 1), got " + rate
                    + "; the noise's standard deviation sqrt(rate/(1-rate)) is infinite at 1 (use e.g. 0.1 .. 0.5)");
        }
        this.rate = rate;
        this.stddev = (float) Math.sqrt(rate / (1.0 - rate));
        this.stream = Objects.requireNonNull(noiseSource, "noise source").newStream();
    }

    /** {@return the drop rate} */
    public double rate() {
        return rate;
    }

    /** {@return the noise's standard deviation {@code sqrt(rate/(1-rate))}} */
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
        forwarded = true;
        if (mode == Mode.EVAL || rate == 0.0) {
            noise = null;
            return x;
        }
        NoiseKey key = stream.nextKey();
        noise = noiseSlot.get(x.backend(), x.shape());     // overwritten by the draws
        x.backend().dropout().normalNoise(noise, key, 1f, stddev, 0);
        Tensor y = output.get(x.backend(), x.shape());
        x.backend().mul(y, x, noise);
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (!forwarded) {
            throw new IllegalStateException("GaussianDropout.backward was called before forward; run forward(x, "
                    + "mode) first");
        }
        if (noise == null) {
            return gradOutput;
        }
        if (!gradOutput.shape().equals(noise.shape())) {
            throw new ShapeException("GaussianDropout got a gradient of shape " + gradOutput.shape() + " but its "
                    + "last output had shape " + noise.shape() + "; pass the gradient of this layer's output");
        }
        Tensor dx = inputGradient.get(gradOutput.backend(), gradOutput.shape());     // mul overwrites it
        gradOutput.backend().mul(dx, gradOutput, noise);
        return dx;
    }

    @Override
    public String toString() {
        return "GaussianDropout(rate=" + rate + ")";
    }

    @Override
    public void release() {
        noiseSlot.free();
        output.free();
        inputGradient.free();
    }
}
