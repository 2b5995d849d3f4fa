package dev.nn.norm;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.NormKernels;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Group normalization (PyTorch {@code nn.GroupNorm}) over {@code (N, C, *)} input: the C channels form
 * {@code num_groups} groups; each (sample, group) is normalized with its own mean and biased variance over
 * {@code C / G * prod(spatial)} values, then an optional per-channel {@code weight} (ones) and {@code bias} (zeros)
 * apply. Independent of the batch size; train and eval are identical. The output, the input gradient and the saved
 * statistics live in buffers reused from step to step (the Caffe/cuDNN model): what a call returns stays valid until
 * the next call of the same method.
 */
public final class GroupNorm implements Layer {
    private final int numGroups;
    private final int numChannels;
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
     * PyTorch's defaults: eps 1e-5, affine.
     *
     * @param backend where the parameters live
     * @param numGroups G, dividing numChannels
     * @param numChannels C
     */
    public GroupNorm(Backend backend, int numGroups, int numChannels) {
        this(backend, numGroups, numChannels, 1e-5, true);
    }

    /**
     * Group normalization with every setting given.
     *
     * @param backend where the parameters live
     * @param numGroups G, dividing numChannels
     * @param numChannels C
     * @param eps added to the variance inside the square root (default 1e-5)
     * @param affine learnable per-channel weight and bias (default true)
     */
    public GroupNorm(Backend backend, int numGroups, int numChannels, double eps, boolean affine) {
        NormSupport.requirePositive("GroupNorm", "num_groups", numGroups);
        NormSupport.requirePositive("GroupNorm", "num_channels", numChannels);
        if (numChannels % numGroups != 0) {
            String divisors = IntStream.rangeClosed(1, numChannels).filter(d -> numChannels % d == 0)
                    .mapToObj(Integer::toString).collect(Collectors.joining(", "));
            throw new IllegalArgumentException("num_channels must be divisible by num_groups: GroupNorm(num_groups="
                    + numGroups + ", num_channels=" + numChannels + ") leaves " + numChannels % numGroups
                    + " channel(s) without a group; choose num_groups among the divisors of " + numChannels + ": "
                    + divisors);
        }
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = NormSupport.eps(label(), eps);
        this.weight = affine ? NormSupport.scale(backend, Shape.of(numChannels)) : null;
        this.bias = affine ? NormSupport.shift(backend, Shape.of(numChannels)) : null;
    }

    /** {@return G} */
    public int numGroups() {
        return numGroups;
    }

    /** {@return C} */
    public int numChannels() {
        return numChannels;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Shape shape = x.shape();
        if (shape.rank() < 2) {
            throw new ShapeException(label() + " expects (N, C, *) input with the channels in dimension 1, got "
                    + "shape " + shape + "; add a batch dimension");
        }
        if (shape.dim(1) != numChannels) {
            throw new ShapeException("Expected weight to be a vector of size equal to the number of channels in "
                    + "input, but got weight of shape [" + numChannels + "] and input of shape " + shape + ": "
                    + label() + " needs " + numChannels + " channels in dimension 1, got " + shape.dim(1)
                    + "; build GroupNorm with num_channels=" + shape.dim(1) + " or fix the previous layer");
        }
        int n = shape.dim(0);
        int inner = shape.product(2, shape.rank());
        Backend be = x.backend();
        NormKernels k = be.norm();
        Tensor mean = meanSlot.get(be, Shape.of(n, numGroups));
        Tensor rstd = rstdSlot.get(be, Shape.of(n, numGroups));
        Tensor y = output.get(be, shape);
        k.groupNormForwardWithStatistics(y, mean, null, rstd, x, NormSupport.value(weight), NormSupport.value(bias), n,
                numChannels, inner, numGroups, eps);
        savedInput = x;
        savedMean = mean;
        savedRstd = rstd;
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Shape shape = NormSupport.requireBackwardReady(label(), savedInput, gradOutput);
        Tensor dx = inputGradient.get(savedInput.backend(), shape);     // the kernel overwrites it
        savedInput.backend().norm().groupNormBackward(dx, NormSupport.grad(weight),
                NormSupport.grad(bias), gradOutput, savedInput, savedMean, savedRstd, NormSupport.value(weight),
                shape.dim(0), numChannels, shape.product(2, shape.rank()), numGroups, false);
        return dx;
    }

    /** {@return per-(sample, group) mean of the last forward, shape {@code (N, G)}; valid until the next forward} */
    public Tensor lastMean() {
        NormSupport.requireForwardDone(savedInput, label());
        return savedMean;
    }

    /**
     * {@return per-(sample, group) {@code 1/sqrt(var + eps)} of the last forward, shape {@code (N, G)}; valid until the
     * next forward}
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
        return "GroupNorm(num_groups=" + numGroups + ", num_channels=" + numChannels + ")";
    }

    @Override
    public String kind() {
        return "GroupNorm";
    }

    @Override
    public String toString() {
        return "GroupNorm(" + numGroups + ", " + numChannels + ", eps=" + eps + ", affine=" + (weight != null) + ")";
    }

    @Override
    public void release() {
        output.free();
        inputGradient.free();
        meanSlot.free();
        rstdSlot.free();
    }
}
