package dev.nn.core.layer;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * {@code y = x W^T + b}, PyTorch's {@code nn.Linear}: input {@code (N, in)}, weight {@code (out, in)}, bias
 * {@code (out)}. Default initialization as PyTorch's {@code reset_parameters}: weight
 * {@code kaiming_uniform_(a=sqrt(5))}, which is {@code U(-1/sqrt(in), 1/sqrt(in))}, and bias
 * {@code U(-1/sqrt(in), 1/sqrt(in))}.
 */
public final class Linear implements Layer {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGrad = new TensorSlot();
    private Tensor input;

    /**
     * With a bias.
     *
     * @param backend where the parameters live
     * @param inFeatures size of each input sample
     * @param outFeatures size of each output sample
     * @param random source of the default initialization
     */
    public Linear(Backend backend, int inFeatures, int outFeatures, RandomGenerator random) {
        this(backend, inFeatures, outFeatures, true, random);
    }

    /**
     * A fully connected layer initialized like PyTorch's {@code nn.Linear}.
     *
     * @param backend where the parameters live
     * @param inFeatures size of each input sample
     * @param outFeatures size of each output sample
     * @param withBias whether to learn an additive bias
     * @param random source of the default initialization
     */
    public Linear(Backend backend, int inFeatures, int outFeatures, boolean withBias, RandomGenerator random) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("Linear needs in_features >= 1 and out_features >= 1, got Linear("
                    + inFeatures + ", " + outFeatures + ")");
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        double bound = 1.0 / Math.sqrt(inFeatures);
        this.weight = new Parameter("weight", ParameterRole.WEIGHT,
                backend.tensor(Shape.of(outFeatures, inFeatures), uniform(outFeatures * inFeatures, bound, random)));
        this.bias = withBias ? new Parameter("bias", ParameterRole.BIAS,
                backend.tensor(Shape.of(outFeatures), uniform(outFeatures, bound, random))) : null;
    }

    /** Draws n values from U(-bound, bound) in float32, as PyTorch's {@code uniform_}. */
    static float[] uniform(int n, double bound, RandomGenerator random) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (bound * (2 * random.nextDouble() - 1));
        }
        return v;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        if (x.shape().rank() != 2 || x.shape().dim(1) != inFeatures) {
            int[] d = x.shape().toArray();
            String got = x.shape().rank() == 2 ? d[0] + "x" + d[1] : "shape " + x.shape();
            throw new ShapeException("Linear(" + inFeatures + ", " + outFeatures + ") got input " + got
                    + ": mat1 and mat2 shapes cannot be multiplied (" + got + " and " + inFeatures + "x"
                    + outFeatures + "); expected (N, " + inFeatures + "). Flatten the input or set in_features="
                    + (x.shape().rank() == 2 ? d[1] : x.shape().product(1, x.shape().rank())));
        }
        Backend b = x.backend();
        int n = x.shape().dim(0);
        Tensor y = output.get(b, Shape.of(n, outFeatures));
        b.gemm(y, false, true, n, outFeatures, inFeatures, 1f, x, weight.value(), 0f);
        if (bias != null) {
            b.addRowVector(y, bias.value(), n, outFeatures);
        }
        input = x;
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (input == null) {
            throw new IllegalStateException("Linear.backward() called before forward()");
        }
        Backend b = gradOutput.backend();
        int n = input.shape().dim(0);
        // dW (out, in) += dy^T (out, N) x (N, in); db += column sums of dy; dx (N, in) = dy (N, out) W (out, in)
        b.gemm(weight.grad(), true, false, outFeatures, inFeatures, n, 1f, gradOutput, input, 1f);
        if (bias != null) {
            b.sumRows(bias.grad(), gradOutput, n, outFeatures);
        }
        Tensor dx = inputGrad.get(b, input.shape());
        b.gemm(dx, false, false, n, inFeatures, outFeatures, 1f, gradOutput, weight.value(), 0f);
        return dx;
    }

    @Override
    public List<Parameter> ownParameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    /** {@return the weight {@code (out, in)}} */
    public Parameter weight() {
        return weight;
    }

    /** {@return the bias {@code (out)}, or null when built without one} */
    public Parameter bias() {
        return bias;
    }

    /** {@return input features} */
    public int inFeatures() {
        return inFeatures;
    }

    /** {@return output features} */
    public int outFeatures() {
        return outFeatures;
    }

    @Override
    public String toString() {
        return "Linear(in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null)
                + ")";
    }

    @Override
    public void release() {
        output.free();
        inputGrad.free();
    }
}
