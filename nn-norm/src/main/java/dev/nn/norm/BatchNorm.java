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
 * Batch normalization over {@code (N, C, *)} input with PyTorch's semantics: per channel, normalize with the batch
 * mean and <em>biased</em> variance in {@link Mode#TRAIN}, update {@code running_mean}/{@code running_var} with the
 * <em>unbiased</em> variance ({@code momentum} = weight of the new batch, {@code null} = cumulative average
 * {@code 1/num_batches_tracked}), and normalize with the running statistics in {@link Mode#EVAL}. Without
 * running statistics ({@code track_running_stats=false}) batch statistics are used in both modes.
 *
 * <p>Build one with the PyTorch-named factories {@link #batchNorm1d}, {@link #batchNorm2d}, {@link #batchNorm3d}
 * (with PyTorch's rank checks) or {@link #builder} for any {@code (N, C, *)} input:
 * <pre>{@code
 * BatchNorm bn = BatchNorm.batchNorm2d(64).optMomentum(0.01).build(backend);
 * }</pre>
 * Parameters {@code weight} (role NORM_SCALE, ones) and {@code bias} (NORM_SHIFT, zeros) exist when affine; buffers
 * {@code running_mean} (zeros) and {@code running_var} (ones), and the host {@link Counter}
 * {@code num_batches_tracked} ({@link #ownCounters()}, saved as PyTorch's int64 scalar), when tracking running
 * statistics.
 *
 * <p>Memory follows the Caffe/cuDNN model: the output, the input gradient and the saved statistics live in buffers
 * the layer reuses from step to step, so a steady-state training step allocates nothing and reads nothing back to
 * the host. What {@link #forward}, {@link #backward}, {@link #lastMean()} and {@link #lastInvstd()} return stays
 * valid until the next forward (or, for the input gradient, backward); copy it to keep it longer.
 *
 * <p>{@link #freezeStatistics(boolean) Frozen} statistics (the usual fine-tuning trick) make even
 * {@link Mode#TRAIN} forwards normalize with the running statistics and leave them untouched, until unfrozen.
 */
public final class BatchNorm implements Layer {
    /** The input ranks a BatchNorm accepts, named like PyTorch's classes. */
    public enum Variant {
        /** {@code (N, C, *)}: any rank from 2. */
        ANY("BatchNorm", "at least 2D"),
        /** {@code (N, C)} or {@code (N, C, L)}. */
        BATCH_NORM_1D("BatchNorm1d", "2D or 3D"),
        /** {@code (N, C, H, W)}. */
        BATCH_NORM_2D("BatchNorm2d", "4D"),
        /** {@code (N, C, D, H, W)}. */
        BATCH_NORM_3D("BatchNorm3d", "5D");

        private final String className;
        private final String ranks;

        Variant(String className, String ranks) {
            this.className = className;
            this.ranks = ranks;
        }

        /** {@return PyTorch's class name, e.g. {@code BatchNorm2d}} */
        public String className() {
            return className;
        }

        boolean accepts(int rank) {
            return switch (this) {
                case ANY -> rank >= 2;
                case BATCH_NORM_1D -> rank == 2 || rank == 3;
                case BATCH_NORM_2D -> rank == 4;
                case BATCH_NORM_3D -> rank == 5;
            };
        }
    }

    private final Variant variant;
    private final int numFeatures;
    private final float eps;
    private final Double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Counter numBatchesTracked;
    private boolean frozen;

    // reused from step to step; what they hand out is valid until the next call that fills them
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGradient = new TensorSlot();
    private final TensorSlot meanSlot = new TensorSlot();
    private final TensorSlot varSlot = new TensorSlot();
    private final TensorSlot invstdSlot = new TensorSlot();

    // saved by the last forward for backward and reports
    private Tensor savedInput;
    private Tensor savedMean;
    private Tensor savedInvstd;
    private Tensor savedVar;
    private boolean savedBatchStatistics;

    private BatchNorm(Builder b, Backend backend) {
        this.variant = b.variant;
        this.numFeatures = b.numFeatures;
        this.eps = NormSupport.eps(b.label(), b.eps);
        this.momentum = NormSupport.momentum(b.label(), b.momentum);
        Shape c = Shape.of(numFeatures);
        this.weight = b.affine ? NormSupport.scale(backend, c) : null;
        this.bias = b.affine ? NormSupport.shift(backend, c) : null;
        this.runningMean = b.trackRunningStats ? backend.zeros(c) : null;
        this.runningVar = b.trackRunningStats ? NormSupport.ones(backend, c) : null;
        this.numBatchesTracked = b.trackRunningStats ? new Counter() : null;
    }

    /**
     * {@return a builder for PyTorch's {@code BatchNorm1d}}
     *
     * @param numFeatures C, the channels of the {@code (N, C)} or {@code (N, C, L)} input
     */
    public static Builder batchNorm1d(int numFeatures) {
        return new Builder(Variant.BATCH_NORM_1D, numFeatures);
    }

    /**
     * {@return a builder for PyTorch's {@code BatchNorm2d}}
     *
     * @param numFeatures C, the channels of the {@code (N, C, H, W)} input
     */
    public static Builder batchNorm2d(int numFeatures) {
        return new Builder(Variant.BATCH_NORM_2D, numFeatures);
    }

    /**
     * {@return a builder for PyTorch's {@code BatchNorm3d}}
     *
     * @param numFeatures C, the channels of the {@code (N, C, D, H, W)} input
     */
    public static Builder batchNorm3d(int numFeatures) {
        return new Builder(Variant.BATCH_NORM_3D, numFeatures);
    }

    /**
     * {@return a builder accepting every rank from 2}
     *
     * @param numFeatures C, the channels (dimension 1) of any {@code (N, C, *)} input
     */
    public static Builder builder(int numFeatures) {
        return new Builder(Variant.ANY, numFeatures);
    }

    /**
     * Converts a Keras/TensorFlow momentum (the weight of the <em>old</em> running value, e.g. 0.99) to PyTorch's
     * convention used here (the weight of the <em>new</em> batch): {@code 1 - kerasMomentum}.
     *
     * @param kerasMomentum in [0, 1]
     * @return the PyTorch momentum
     */
    public static double fromKerasMomentum(double kerasMomentum) {
        if (!(kerasMomentum >= 0 && kerasMomentum <= 1)) {
            throw new IllegalArgumentException("A Keras momentum must be in [0, 1] (e.g. 0.99), got "
                    + kerasMomentum);
        }
        return 1.0 - kerasMomentum;
    }

    /** Options of a {@link BatchNorm}; defaults are PyTorch's. */
    public static final class Builder {
        private final Variant variant;
        private final int numFeatures;
        private double eps = 1e-5;
        private Double momentum = 0.1;
        private boolean affine = true;
        private boolean trackRunningStats = true;

        private Builder(Variant variant, int numFeatures) {
            this.variant = variant;
            this.numFeatures = numFeatures;
            NormSupport.requirePositive(label(), "num_features", numFeatures);
        }

        private String label() {
            return variant.className + "(num_features=" + numFeatures + ")";
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
         * @param value weight of the new batch in the running statistics (PyTorch convention); default 0.1;
         *              {@code null} = cumulative moving average. For a Keras value use {@link #fromKerasMomentum}.
         */
        public Builder optMomentum(Double value) {
            this.momentum = value;
            return this;
        }

        /**
         * {@return this}
         *
         * @param value learnable per-channel weight and bias; default true
         */
        public Builder optAffine(boolean value) {
            this.affine = value;
            return this;
        }

        /**
         * {@return this}
         *
         * @param value keep running statistics for eval mode; default true
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
        public BatchNorm build(Backend backend) {
            return new BatchNorm(this, backend);
        }
    }

    /** {@return the variant (which input ranks are accepted)} */
    public Variant variant() {
        return variant;
    }

    /** {@return C} */
    public int numFeatures() {
        return numFeatures;
    }

    /** {@return eps} */
    public float eps() {
        return eps;
    }

    /** {@return the momentum, or empty for a cumulative average} */
    public Optional<Double> momentum() {
        return Optional.ofNullable(momentum);
    }

    /** {@return whether weight and bias exist} */
    public boolean affine() {
        return weight != null;
    }

    /** {@return whether running statistics are kept} */
    public boolean tracksRunningStats() {
        return runningMean != null;
    }

    /** {@return the scale gamma, when affine} */
    public Optional<Parameter> weight() {
        return Optional.ofNullable(weight);
    }

    /** {@return the shift beta, when affine} */
    public Optional<Parameter> bias() {
        return Optional.ofNullable(bias);
    }

    /** {@return {@code running_mean (C)}, when tracking} */
    public Optional<Tensor> runningMean() {
        return Optional.ofNullable(runningMean);
    }

    /** {@return {@code running_var (C)}, when tracking} */
    public Optional<Tensor> runningVar() {
        return Optional.ofNullable(runningVar);
    }

    /**
     * {@return the number of training batches seen ({@code num_batches_tracked}, a host counter: reading it costs no
     * synchronization), 0 when not tracking}
     */
    public long numBatchesTracked() {
        return numBatchesTracked == null ? 0 : numBatchesTracked.get();
    }

    /**
     * Freezes or unfreezes the running statistics. While frozen, every forward pass, {@link Mode#TRAIN} included,
     * normalizes with the running statistics and updates nothing (num_batches_tracked included); gradients treat
     * the statistics as constants. The switch stays until changed, whatever modes later forwards use.
     *
     * @param freeze true to freeze
     * @return this
     * @throws IllegalStateException without running statistics (there is nothing to freeze to)
     */
    public BatchNorm freezeStatistics(boolean freeze) {
        if (freeze && runningMean == null) {
            throw new IllegalStateException(label() + " was built with track_running_stats=false, so it has no "
                    + "running statistics to freeze; build it with optTrackRunningStats(true)");
        }
        this.frozen = freeze;
        return this;
    }

    /** {@return whether the statistics are frozen} */
    public boolean statisticsFrozen() {
        return frozen;
    }

    /**
     * Statistics of the last forward pass that normalized with batch statistics.
     *
     * @return per-channel batch mean and biased variance, or empty when the last forward used running statistics
     */
    public Optional<ChannelStatistics> lastBatchStatistics() {
        if (savedInput == null || !savedBatchStatistics) {
            return Optional.empty();
        }
        return Optional.of(new ChannelStatistics(savedMean.toArray(), savedVar.toArray()));
    }

    /**
     * {@return the per-channel mean the last forward normalized with, {@code (C)} (PyTorch's {@code save_mean} when it
     * came from the batch; a copy of the running mean otherwise); valid until the next forward}
     */
    public Tensor lastMean() {
        NormSupport.requireForwardDone(savedInput, label());
        return savedMean;
    }

    /**
     * {@return the per-channel {@code 1/sqrt(var + eps)} the last forward used, {@code (C)} ({@code save_invstd});
     * valid until the next forward}
     */
    public Tensor lastInvstd() {
        NormSupport.requireForwardDone(savedInput, label());
        return savedInvstd;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Shape shape = x.shape();
        checkInput(shape);
        Backend be = x.backend();
        NormKernels k = be.norm();
        int n = shape.dim(0);
        int inner = shape.product(2, shape.rank());
        boolean training = mode == Mode.TRAIN && !frozen;
        boolean batchStatistics = training || runningMean == null;
        Shape c = Shape.of(numFeatures);
        Tensor mean;
        Tensor invstd;
        Tensor var = null;
        Tensor y;
        if (batchStatistics) {
            if (mode == Mode.TRAIN && (long) n * inner <= 1) {
                throw new ShapeException("Expected more than 1 value per channel when training, got input size "
                        + shape + ": " + label() + " cannot estimate a variance from one value per channel; use a "
                        + "batch of at least 2 samples (or a longer spatial extent), or run it in Mode.EVAL");
            }
            mean = meanSlot.get(be, c);
            var = varSlot.get(be, c);
            invstd = invstdSlot.get(be, c);
            y = output.get(be, shape);
            // statistics and normalization in one call: the backend may normalize each channel while it is in cache
            k.channelNormForwardWithStatistics(y, mean, var, invstd, x, NormSupport.value(weight),
                    NormSupport.value(bias), n, numFeatures, inner, eps);
            if (training && runningMean != null) {
                updateRunningStatistics(k, mean, var, n * inner);
            }
        } else {
            // a copy, so a later running-statistics update cannot change what backward uses
            mean = meanSlot.get(be, c);
            be.copy(mean, runningMean);
            invstd = invstdSlot.get(be, c);
            k.inverseStd(invstd, runningVar, numFeatures, eps);
            y = output.get(be, shape);
            k.channelNormForward(y, x, mean, invstd, NormSupport.value(weight), NormSupport.value(bias), n,
                    numFeatures, inner);
        }
        savedInput = x;
        savedMean = mean;
        savedInvstd = invstd;
        savedVar = var;
        savedBatchStatistics = batchStatistics;
        return y;
    }

    private void updateRunningStatistics(NormKernels k, Tensor mean, Tensor var, int count) {
        // the count lives on the host, so the cumulative average's factor needs no read from the backend
        long tracked = numBatchesTracked.increment();
        float factor = momentum == null ? 1f / tracked : momentum.floatValue();
        k.updateRunningStatistics(runningMean, runningVar, mean, var, 1, numFeatures, count, factor);
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Shape shape = NormSupport.requireBackwardReady(label(), savedInput, gradOutput);
        Backend be = savedInput.backend();
        Tensor dx = inputGradient.get(be, shape);     // the kernel overwrites it
        be.norm().channelNormBackward(dx, NormSupport.grad(weight), NormSupport.grad(bias), gradOutput, savedInput,
                savedMean, savedInvstd, NormSupport.value(weight), shape.dim(0), numFeatures,
                shape.product(2, shape.rank()), savedBatchStatistics, false);
        return dx;
    }

    private void checkInput(Shape shape) {
        if (!variant.accepts(shape.rank())) {
            throw new ShapeException("expected " + variant.ranks + " input (got " + shape.rank() + "D input): "
                    + label() + " got input of shape " + shape + hint(shape.rank()));
        }
        int channels = shape.dim(1);
        if (channels != numFeatures) {
            String pytorch = runningMean != null
                    ? "running_mean should contain " + channels + " elements not " + numFeatures
                    : weight != null ? "weight should contain " + channels + " elements not " + numFeatures
                    : null;
            throw new ShapeException(label() + " got input with " + channels + " channels (dim 1) in input of shape "
                    + shape + "; num_features must equal the out_channels of the layer before it (" + channels
                    + "): build " + variant.className + "(" + channels + ") or fix the previous layer"
                    + (pytorch == null ? "" : " [PyTorch: " + pytorch + "]"));
        }
    }

    private String hint(int rank) {
        return switch (variant) {
            case BATCH_NORM_1D -> rank == 4 ? "; for (N, C, H, W) images use BatchNorm2d"
                    : rank == 5 ? "; for (N, C, D, H, W) volumes use BatchNorm3d" : "; pass (N, C) or (N, C, L)";
            case BATCH_NORM_2D -> rank == 2 || rank == 3 ? "; for (N, C) or (N, C, L) input use BatchNorm1d"
                    : rank == 5 ? "; for (N, C, D, H, W) volumes use BatchNorm3d" : "; pass (N, C, H, W)";
            case BATCH_NORM_3D -> rank == 4 ? "; for (N, C, H, W) images use BatchNorm2d" : "; pass (N, C, D, H, W)";
            case ANY -> "; pass (N, C, *) with the channels in dimension 1";
        };
    }

    private String label() {
        return variant.className + "(num_features=" + numFeatures + ")";
    }

    @Override
    public List<Parameter> ownParameters() {
        return NormSupport.parameters(weight, bias);
    }

    @Override
    public Map<String, Tensor> ownBuffers() {
        return NormSupport.runningBuffers(runningMean, runningVar);
    }

    /** @return {@code num_batches_tracked} when tracking running statistics (PyTorch's state_dict order: last) */
    @Override
    public Map<String, Counter> ownCounters() {
        return NormSupport.runningCounters(numBatchesTracked);
    }

    @Override
    public String kind() {
        return variant.className;
    }

    @Override
    public String toString() {
        return variant.className + "(" + numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine="
                + affine() + ", track_running_stats=" + tracksRunningStats() + (frozen ? ", frozen" : "") + ")";
    }

    @Override
    public void release() {
        output.free();
        inputGradient.free();
        meanSlot.free();
        varSlot.free();
        invstdSlot.free();
    }
}
