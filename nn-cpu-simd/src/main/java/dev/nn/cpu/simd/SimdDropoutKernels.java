package dev.nn.cpu.simd;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.DropoutKernels;
import dev.nn.api.backend.NoiseKey;
import dev.nn.api.tensor.Tensor;

/**
 * Dropout, noise and penalty kernels: Philox4x32-10 on vectors ({@link PhiloxVectors}) fused with the masking pass
 * ({@link Dropout}), the penalties vectorized ({@link Penalties}); every kernel of the family, since each runs once
 * per training step of the layer or regularizer that uses it. Work is split into parts of {@link #PART} elements
 * (rows for maxNormRows), fixed independently of the thread count; since Philox is counter-based, each part
 * computes the counters of its own draws, so masks and noise are bit-identical for any thread count, and the masks
 * are bit-identical to {@code ScalarDropoutKernels}'s.
 */
final class SimdDropoutKernels implements DropoutKernels {
    /** Elements per task: a few microseconds of work, several times the pool's hand-over. */
    static final int PART = Lanes.RANGE_ELEMENTS;
    /** Elements per partial sum of {@link #absSum}: fixed, since it sets the order of the additions. */
    static final int SUM_PART = 1 << 16;

    private final Parallel parallel;

    SimdDropoutKernels(Parallel parallel) {
        this.parallel = parallel;
    }

    /** Runs {@code task(from, to)} on each part of [0, n), one task per part. */
    private void parts(int n, RowNorm.Rows task) {
        Lanes.ranges(parallel, n, PART, task);
    }

    // ---- Bernoulli dropout ------------------------------------------------------------------------------------

    @Override
    public void bernoulliForward(Tensor y, Tensor x, NoiseKey key, double p, int group) {
        requireSameSize(y, x);
        requireGroup(x, group);
        float[] out = y.hostArray();
        float[] in = x.hostArray();
        float scale = DropoutKernels.scale(p);
        int threshold = DropoutKernels.dropThreshold(p);
        parts(x.size(), (from, to) -> Dropout.mask(Dropout.MULTIPLY, out, in, from, to, key, 0, group, threshold,
                scale, 0f, 0f));
    }

    @Override
    public void bernoulliBackward(Tensor dx, Tensor dy, NoiseKey key, double p, int group) {
        requireSameSize(dx, dy);
        requireGroup(dy, group);
        float[] d = dx.hostArray();
        float[] g = dy.hostArray();
        float scale = DropoutKernels.scale(p);
        int threshold = DropoutKernels.dropThreshold(p);
        parts(dy.size(), (from, to) -> Dropout.mask(Dropout.ACCUMULATE, d, g, from, to, key, 0, group, threshold,
                scale, 0f, 0f));
    }

    @Override
    public void keepMask(Tensor mask, NoiseKey key, double p, int group, long first) {
        if (group < 1) {
            throw new ShapeException("A dropout group holds >= 1 elements, got " + group);
        }
        if (first < 0) {
            throw new IllegalArgumentException("The first element index must be >= 0, got " + first);
        }
        float[] out = mask.hostArray();
        int threshold = DropoutKernels.dropThreshold(p);
        parts(mask.size(), (from, to) -> Dropout.mask(Dropout.MASK, out, null, from, to, key, first, group,
                threshold, 1f, 0f, 0f));
    }

    // ---- alpha dropout ----------------------------------------------------------------------------------------

    @Override
    public void alphaForward(Tensor y, Tensor x, NoiseKey key, double p, int group) {
        requireSameSize(y, x);
        requireGroup(x, group);
        double a = DropoutKernels.alphaScale(p);
        float keepFactor = (float) a;
        float biasKeep = (float) (SELU_LAMBDA_ALPHA * a * p);
        float biasDrop = biasKeep - (float) (SELU_LAMBDA_ALPHA * a);     // float32, as PyTorch's add_ on noise - 1
        int threshold = DropoutKernels.dropThreshold(p);
        float[] out = y.hostArray();
        float[] in = x.hostArray();
        parts(x.size(), (from, to) -> Dropout.mask(Dropout.AFFINE, out, in, from, to, key, 0, group, threshold,
                keepFactor, biasKeep, biasDrop));
    }

    @Override
    public void alphaBackward(Tensor dx, Tensor dy, NoiseKey key, double p, int group) {
        requireSameSize(dx, dy);
        requireGroup(dy, group);
        float keepFactor = (float) DropoutKernels.alphaScale(p);
        int threshold = DropoutKernels.dropThreshold(p);
        float[] d = dx.hostArray();
        float[] g = dy.hostArray();
        parts(dy.size(), (from, to) -> Dropout.mask(Dropout.ACCUMULATE, d, g, from, to, key, 0, group, threshold,
                keepFactor, 0f, 0f));
    }

    // ---- Gaussian noise ---------------------------------------------------------------------------------------

    @Override
    public void normalNoise(Tensor out, NoiseKey key, float mean, float stddev, long first) {
        if (first < 0) {
            throw new IllegalArgumentException("The first draw index must be >= 0, got " + first);
        }
        float[] o = out.hostArray();
        parts(out.size(), (from, to) -> Dropout.normal(o, from, to, key, first, mean, stddev));
    }

    // ---- weight penalties -------------------------------------------------------------------------------------

    @Override
    public double absSum(Tensor x) {
        float[] v = x.hostArray();
        int n = x.size();
        double[] partial = new double[(n + SUM_PART - 1) / SUM_PART];
        Lanes.ranges(parallel, n, SUM_PART, (from, to) -> partial[from / SUM_PART] = Penalties.absSum(v, from, to));
        double s = 0;
        for (double part : partial) {        // in part order: the same sum for any thread count
            s += part;
        }
        return s;
    }

    @Override
    public void signAxpy(Tensor dx, float lambda, Tensor x) {
        requireSameSize(dx, x);
        float[] d = dx.hostArray();
        float[] v = x.hostArray();
        parts(x.size(), (from, to) -> Penalties.signAxpy(d, lambda, v, from, to));
    }

    @Override
    public void maxNormRows(Tensor w, int rows, int cols, float maxNorm, float eps) {
        if ((long) rows * cols != w.size()) {
            throw new ShapeException("Tensor " + w.shape() + " holds " + w.size() + " values, not " + rows + " x "
                    + cols);
        }
        float[] v = w.hostArray();
        int rowsPerPart = Math.max(1, PART / Math.max(1, cols));
        parallel.forEach((rows + rowsPerPart - 1) / rowsPerPart, p -> Penalties.maxNormRows(v, cols,
                p * rowsPerPart, Math.min(rows, (p + 1) * rowsPerPart), maxNorm, eps));
    }

    // ---- checks (the scalar twin's, with its messages) --------------------------------------------------------

    private static void requireSameSize(Tensor a, Tensor b) {
        if (a.size() != b.size()) {
            throw new ShapeException("Tensors " + a.shape() + " and " + b.shape()
                    + " must hold the same number of values");
        }
    }

    private static void requireGroup(Tensor x, int group) {
        if (group < 1 || x.size() % group != 0) {
            throw new ShapeException("A dropout group of " + group + " elements must be >= 1 and divide the "
                    + x.size() + " values of " + x.shape());
        }
    }
}
