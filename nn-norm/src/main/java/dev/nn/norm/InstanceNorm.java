package dev.nn.norm;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.NormKernels;
import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Instance normalization (PyTorch {@code nn.InstanceNorm1d/2d/3d}): each (sample, channel) is normalized over its
 * spatial dimensions with its own mean and biased variance, i.e. {@link GroupNorm} with one group per channel.
 * PyTorch's defaults differ from BatchNorm's: {@code affine=false}, {@code track_running_stats=false}. With running
 * statistics, training updates them with the batch average of the per-instance mean and <em>unbiased</em>
 * variance (momentum 0.1; the host counter {@code num_batches_tracked} exists in {@link #ownCounters()} but is not
 * counted, as in PyTorch) and eval mode normalizes with them. Input without the batch dimension ({@code (C, L)} for
 * InstanceNorm1d, {@code (C, H, W)} for 2d, {@code (C, D, H, W)} for 3d) is treated as one sample.
 *
 * <p>The output, the input gradient and the saved statistics live in buffers the layer reuses from step to step
 * (the Caffe/cuDNN model): what {@link #forward} and {@link #backward} return stays valid until the next call of
 * the same method.
 */
public final class InstanceNorm implements Layer {
    /** The spatial rank, named like PyTorch's classes. */
    public enum Variant {
        /** {@code (N, C, L)} or unbatched {@code (C, L)}. */
        INSTANCE_NORM_1D("InstanceNorm1d", 1),
        /** {@code (N, C, H, W)} or unbatched {@code (C, H, W)}. */
        INSTANCE_NORM_2D("InstanceNorm2d", 2),
        /** {@code (N, C, D, H, W)} or unbatched {@code (C, D, H, W)}. */
        INSTANCE_NORM_3D("InstanceNorm3d", 3);

        private final String className;
        private final int spatialDims;

        Variant(String className, int spatialDims) {
            this.className = className;
            this.spatialDims = spatialDims;
        }

        /** {@return PyTorch's class name} */
        public String className() {
            return className;
        }
    }

    private final Variant variant;
    private final int numFeatures;
    private final float eps;
    private final float momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Counter numBatchesTracked;
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGradient = new TensorSlot();
    private final TensorSlot meanSlot = new TensorSlot();
    private final TensorSlot varSlot = new TensorSlot();
    private final TensorSlot rstdSlot = new TensorSlot();
    private Tensor savedInput;
    private Tensor savedMean;
    private Tensor savedRstd;
    private boolean savedInstanceStatistics;

    private InstanceNorm(Builder b, Backend backend) {
        this.variant = b.variant;
        this.numFeatures = b.numFeatures;
        this.eps = NormSupport.eps(label(), b.eps);
        Double m = NormSupport.momentum(label(), b.momentum);
        if (m == null && b.trackRunningStats) {
            throw new IllegalArgumentException(label() + ": momentum=null (cumulative average) is not supported by "
                    + "InstanceNorm's running statistics, as in PyTorch; give a number such as 0.1");
        }
        this.momentum = m == null ? 0f : m.floatValue();
        Shape c = Shape.of(numFeatures);
        this.weight = b.affine ? NormSupport.scale(backend, c) : null;
        this.bias = b.affine ? NormSupport.shift(backend, c) : null;
        this.runningMean = b.trackRunningStats ? backend.zeros(c) : null;
        this.runningVar = b.trackRunningStats ? NormSupport.ones(backend, c) : null;
        this.numBatchesTracked = b.trackRunningStats ? new Counter() : null;
    }

    /**
     * {@return a builder for PyTorch's {@code InstanceNorm1d}}
     *
     * @param numFeatures C
     */
    public static Builder instanceNorm1d(int numFeatures) {
        return new Builder(Variant.INSTANCE_NORM_1D, numFeatures);
    }

    /**
     * {@return a builder for PyTorch's {@code InstanceNorm2d}}
     *
     * @param numFeatures C
     */
    public static Builder instanceNorm2d(int numFeatures) {
        return new Builder(Variant.INSTANCE_NORM_2D, numFeatures);
    }

    /**
     * {@return a builder for PyTorch's {@code InstanceNorm3d}}
     *
     * @param numFeatures C
     */
    public static Builder instanceNorm3d(int numFeatures) {
        return new Builder(Variant.INSTANCE_NORM_3D, numFeatures);
    }

    /** Options of an {@link InstanceNorm}; defaults are PyTorch's. */
    public static final class Builder {
        private final Variant variant;
        private final int numFeatures;
        private double eps = 1e-5;
        private Double momentum = 0.1;
        private boolean affine;
        private boolean trackRunningStats;

        private Builder(Variant variant, int numFeatures) {
            this.variant = variant;
            this.numFeatures = numFeatures;
            NormSupport.requirePositive(variant.className, "num_features", numFeatures);
        }

        /**
         * {@return this}
         *
         * @param value added to the variance inside the square root; default 1e-5
         */
        public Builder optEps(double value) {
            this.eps = value;
            return this;
        }

        /**
         * {@return this}
         *
         * @param value weight of the new batch in the running statistics; default 0.1
         */
        public Builder optMomentum(Double value) {
            this.momentum = value;
            return this;
        }

        /**
         * {@return this}
         *
         * @param value learnable per-channel weight and bias; default <b>false</b>
         */
        public Builder optAffine(boolean value) {
            this.affine = value;
            return this;
        }

        /**
         * {@return this}
         *
         * @param value keep running statistics for eval mode; default <b>false</b>
         */
        public Builder optTrackRunningStats(boolean value) {
            this.trackRunningStats = value;
            return this;
        }

        /**
         * {@return the layer}
         *
         * @param backend where parameters and buffers live
         */
        public InstanceNorm build(Backend backend) {
            return new InstanceNorm(this, backend);
        }
    }

    /** {@return C} */
    public int numFeatures() {
        return numFeatures;
    }

    /** {@return the variant} */
    public Variant variant() {
        return variant;
    }

    /** {@return {@code running_mean (C)}, when tracking} */
    public Optional<Tensor> runningMean() {
        return Optional.ofNullable(runningMean);
    }

    /** {@return {@code running_var (C)}, when tracking} */
    public Optional<Tensor> runningVar() {
        return Optional.ofNullable(runningVar);
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Shape shape = x.shape();
        int batched = variant.spatialDims + 2;
        if (shape.rank() != batched && shape.rank() != batched - 1) {
            throw new ShapeException("expected " + (batched - 1) + "D or " + batched + "D input (got " + shape.rank()
                    + "D input): " + label() + " takes (N, C, " + spatial() + ") or unbatched (C, " + spatial()
                    + "), got shape " + shape);
        }
        int channelDim = shape.rank() == batched ? 1 : 0;
        int n = shape.rank() == batched ? shape.dim(0) : 1;
        int channels = shape.dim(channelDim);
        if (channels != numFeatures) {
            throw new ShapeException("expected input's size at dim=" + channelDim + " to match num_features ("
                    + numFeatures + "), but got: " + channels + ". " + label() + " got input of shape " + shape
                    + "; num_features must equal the channels of the layer before it (" + channels + ")");
        }
        int inner = shape.product(channelDim + 1, shape.rank());
        boolean instanceStatistics = mode == Mode.TRAIN || runningMean == null;
        Backend be = x.backend();
        NormKernels k = be.norm();
        Tensor y = output.get(be, shape);
        if (instanceStatistics) {
            if (inner <= 1) {
                throw new ShapeException("Expected more than 1 spatial element when training, got input size "
                        + shape + ": " + label() + " normalizes each channel of each sample over its "
                        + spatial() + " values and cannot estimate a variance from one; use larger spatial input, "
                        + "or BatchNorm/LayerNorm for inputs without spatial extent");
            }
            Shape stats = Shape.of(n, numFeatures);
            Tensor mean = meanSlot.get(be, stats);
            Tensor var = varSlot.get(be, stats);
            Tensor rstd = rstdSlot.get(be, stats);
            k.groupNormForwardWithStatistics(y, mean, var, rstd, x, NormSupport.value(weight),
                    NormSupport.value(bias), n, numFeatures, inner, numFeatures, eps);
            if (mode == Mode.TRAIN && runningMean != null) {
                k.updateRunningStatistics(runningMean, runningVar, mean, var, n, numFeatures, inner, momentum);
            }
            savedMean = mean;
            savedRstd = rstd;
        } else {
            // a copy, so a later running-statistics update cannot change what backward uses
            Tensor mean = meanSlot.get(be, Shape.of(numFeatures));
            be.copy(mean, runningMean);
            Tensor invstd = rstdSlot.get(be, Shape.of(numFeatures));
            k.inverseStd(invstd, runningVar, numFeatures, eps);
            k.channelNormForward(y, x, mean, invstd, NormSupport.value(weight), NormSupport.value(bias), n,
                    numFeatures, inner);
            savedMean = mean;
            savedRstd = invstd;
        }
        savedInput = x;
        savedInstanceStatistics = instanceStatistics;
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Shape shape = NormSupport.requireBackwardReady(label(), savedInput, gradOutput);
        int batched = variant.spatialDims + 2;
        int channelDim = shape.rank() == batched ? 1 : 0;
        int n = shape.rank() == batched ? shape.dim(0) : 1;
        int inner = shape.product(channelDim + 1, shape.rank());
        Backend be = savedInput.backend();
        Tensor dx = inputGradient.get(be, shape);     // the kernels overwrite it
        Tensor dw = NormSupport.grad(weight);
        Tensor db = NormSupport.grad(bias);
        if (savedInstanceStatistics) {
            be.norm().groupNormBackward(dx, dw, db, gradOutput, savedInput, savedMean, savedRstd,
                    NormSupport.value(weight), n, numFeatures, inner, numFeatures, false);
        } else {
            be.norm().channelNormBackward(dx, dw, db, gradOutput, savedInput, savedMean, savedRstd,
                    NormSupport.value(weight), n, numFeatures, inner, false, false);
        }
        return dx;
    }

    private String spatial() {
        return switch (variant) {
            case INSTANCE_NORM_1D -> "L";
            case INSTANCE_NORM_2D -> "H, W";
            case INSTANCE_NORM_3D -> "D, H, W";
        };
    }

    @Override
    public List<Parameter> ownParameters() {
        return NormSupport.parameters(weight, bias);
    }

    @Override
    public Map<String, Tensor> ownBuffers() {
        return NormSupport.runningBuffers(runningMean, runningVar);
    }

    /** @return {@code num_batches_tracked} when tracking running statistics; InstanceNorm never counts it */
    @Override
    public Map<String, Counter> ownCounters() {
        return NormSupport.runningCounters(numBatchesTracked);
    }

    private String label() {
        return variant.className + "(num_features=" + numFeatures + ")";
    }

    @Override
    public String kind() {
        return variant.className;
    }

    @Override
    public String toString() {
        return variant.className + "(" + numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine="
                + (weight != null) + ", track_running_stats=" + (runningMean != null) + ")";
    }

    @Override
    public void release() {
        output.free();
        inputGradient.free();
        meanSlot.free();
        varSlot.free();
        rstdSlot.free();
    }
}
