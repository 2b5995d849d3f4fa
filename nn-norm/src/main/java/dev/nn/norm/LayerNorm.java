package dev.nn.norm;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.NormKernels;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;
import java.util.Arrays;
import java.util.List;

/**
 * Layer normalization over the trailing {@code normalized_shape} dimensions (PyTorch {@code nn.LayerNorm}): per
 * sample, mean and biased variance over those dimensions, then an optional elementwise {@code weight} (ones) and
 * {@code bias} (zeros) of shape normalized_shape. No running statistics; train and eval are identical. The output,
 * the input gradient and the saved statistics live in buffers reused from step to step (the Caffe/cuDNN model):
 * what a call returns stays valid until the next call of the same method.
 */
public final class LayerNorm implements Layer {
    private final int[] normalizedShape;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGradient = new TensorSlot();
    private final TensorSlot meanSlot = new TensorSlot();
    private final TensorSlot rstdSlot = new TensorSlot();
    private Tensor savedInput;
    private Tensor savedMean;
    private Tensor savedRstd;

    /**
     * PyTorch's defaults: eps 1e-5, elementwise affine with bias.
     *
     * @param backend where the parameters live
     * @param normalizedShape the trailing dimensions to normalize over, e.g. {@code {features}} or {@code {C, H, W}}
     */
    public LayerNorm(Backend backend, int... normalizedShape) {
        this(backend, normalizedShape, 1e-5, true, true);
    }

    /**
     * Layer normalization with every setting given.
     *
     * @param backend where the parameters live
     * @param normalizedShape the trailing dimensions to normalize over
     * @param eps added to the variance inside the square root (PyTorch default 1e-5)
     * @param elementwiseAffine learnable weight (and bias) of shape normalizedShape (default true)
     * @param bias whether the affine transform has a bias (default true; ignored without elementwiseAffine)
     */
    public LayerNorm(Backend backend, int[] normalizedShape, double eps, boolean elementwiseAffine, boolean bias) {
        this.normalizedShape = NormSupport.normalizedShape("LayerNorm", normalizedShape);
        this.eps = NormSupport.eps(label(), eps);
        Shape s = Shape.of(this.normalizedShape);
        this.weight = elementwiseAffine ? NormSupport.scale(backend, s) : null;
        this.bias = elementwiseAffine && bias ? NormSupport.shift(backend, s) : null;
    }

    /** {@return the normalized trailing dimensions} */
    public int[] normalizedShape() {
        return normalizedShape.clone();
    }

    /** {@return eps} */
    public float eps() {
        return eps;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        int rows = NormSupport.rowsOver(label(), normalizedShape, x.shape());
        int cols = x.size() / Math.max(rows, 1);
        Backend be = x.backend();
        NormKernels k = be.norm();
        Tensor mean = meanSlot.get(be, Shape.of(rows));
        Tensor rstd = rstdSlot.get(be, Shape.of(rows));
        Tensor y = output.get(be, x.shape());
        k.layerNormForwardWithStatistics(y, mean, rstd, x, NormSupport.value(weight), NormSupport.value(bias), rows,
                cols, eps);
        savedInput = x;
        savedMean = mean;
        savedRstd = rstd;
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        NormSupport.requireBackwardReady(label(), savedInput, gradOutput);
        int rows = savedMean.size();
        int cols = savedInput.size() / Math.max(rows, 1);
        Tensor dx = inputGradient.get(savedInput.backend(), savedInput.shape());     // the kernel overwrites it
        savedInput.backend().norm().layerNormBackward(dx, NormSupport.grad(weight),
                NormSupport.grad(bias), gradOutput, savedInput, savedMean, savedRstd, NormSupport.value(weight),
                rows, cols, false);
        return dx;
    }

    /**
     * {@return per-row mean of the last forward, shape {@code (rows)} (PyTorch's {@code native_layer_norm} mean); valid
     * until the next forward}
     */
    public Tensor lastMean() {
        NormSupport.requireForwardDone(savedInput, label());
        return savedMean;
    }

    /**
     * {@return per-row {@code 1/sqrt(var + eps)} of the last forward, shape {@code (rows)}; valid until the next
     * forward}
     */
    public Tensor lastRstd() {
        NormSupport.requireForwardDone(savedInput, label());
        return savedRstd;
    }

    @Override
    public List<Parameter> ownParameters() {
        return NormSupport.parameters(weight, bias);
    }

    private String label() {
        return "LayerNorm(" + Arrays.toString(normalizedShape) + ")";
    }

    @Override
    public String kind() {
        return "LayerNorm";
    }

    @Override
    public String toString() {
        return "LayerNorm(" + Arrays.toString(normalizedShape) + ", eps=" + eps + ", elementwise_affine="
                + (weight != null) + ", bias=" + (bias != null) + ")";
    }

    @Override
    public void release() {
        output.free();
        inputGradient.free();
        meanSlot.free();
        rstdSlot.free();
    }
}
