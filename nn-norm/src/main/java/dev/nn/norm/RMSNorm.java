package dev.nn.norm;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;
import java.util.Arrays;
import java.util.List;

/**
 * Root-mean-square normalization (PyTorch 2.x {@code nn.RMSNorm}): over the trailing {@code normalized_shape}
 * dimensions, {@code y = x / sqrt(mean(x^2) + eps) * weight}. No centering, no bias, no running statistics.
 * With {@code eps = null} the float32 machine epsilon (2^-23, PyTorch's {@code torch.finfo(float32).eps}) is used.
 * The output, the input gradient and the saved {@code 1/rms} live in buffers reused from step to step (the
 * Caffe/cuDNN model): what a call returns stays valid until the next call of the same method.
 */
public final class RMSNorm implements Layer {
    /** {@code torch.finfo(torch.float32).eps}, the default eps. */
    public static final float FLOAT32_EPS = Math.ulp(1f);

    private final int[] normalizedShape;
    private final float eps;
    private final Parameter weight;
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGradient = new TensorSlot();
    private final TensorSlot rrmsSlot = new TensorSlot();
    private Tensor savedInput;
    private Tensor savedRrms;

    /**
     * PyTorch's defaults: eps = float32 machine epsilon, elementwise affine.
     *
     * @param backend where the weight lives
     * @param normalizedShape the trailing dimensions to normalize over
     */
    public RMSNorm(Backend backend, int... normalizedShape) {
        this(backend, normalizedShape, null, true);
    }

    /**
     * RMS normalization with every setting given.
     *
     * @param backend where the weight lives
     * @param normalizedShape the trailing dimensions to normalize over
     * @param eps added to the mean square; null = float32 machine epsilon
     * @param elementwiseAffine learnable weight (ones) of shape normalizedShape (default true)
     */
    public RMSNorm(Backend backend, int[] normalizedShape, Double eps, boolean elementwiseAffine) {
        this.normalizedShape = NormSupport.normalizedShape("RMSNorm", normalizedShape);
        this.eps = eps == null ? FLOAT32_EPS : NormSupport.eps(label(), eps);
        this.weight = elementwiseAffine ? NormSupport.scale(backend, Shape.of(this.normalizedShape)) : null;
    }

    /** {@return eps in use} */
    public float eps() {
        return eps;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        int rows = NormSupport.rowsOver(label(), normalizedShape, x.shape());
        int cols = x.size() / Math.max(rows, 1);
        Backend be = x.backend();
        Tensor rrms = rrmsSlot.get(be, Shape.of(rows));
        Tensor y = output.get(be, x.shape());
        be.norm().rmsNormForward(y, rrms, x, NormSupport.value(weight), rows, cols, eps);
        savedInput = x;
        savedRrms = rrms;
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        NormSupport.requireBackwardReady(label(), savedInput, gradOutput);
        int rows = savedRrms.size();
        int cols = savedInput.size() / Math.max(rows, 1);
        Tensor dx = inputGradient.get(savedInput.backend(), savedInput.shape());     // the kernel overwrites it
        savedInput.backend().norm().rmsNormBackward(dx, NormSupport.grad(weight), gradOutput,
                savedInput, savedRrms, NormSupport.value(weight), rows, cols, false);
        return dx;
    }

    @Override
    public List<Parameter> ownParameters() {
        return weight == null ? List.of() : List.of(weight);
    }

    private String label() {
        return "RMSNorm(" + Arrays.toString(normalizedShape) + ")";
    }

    @Override
    public String kind() {
        return "RMSNorm";
    }

    @Override
    public String toString() {
        return "RMSNorm(" + Arrays.toString(normalizedShape) + ", eps=" + eps + ", elementwise_affine="
                + (weight != null) + ")";
    }

    @Override
    public void release() {
        output.free();
        inputGradient.free();
        rrmsSlot.free();
    }
}
