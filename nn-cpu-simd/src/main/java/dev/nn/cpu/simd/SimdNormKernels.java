package dev.nn.cpu.simd;

import dev.nn.api.backend.NormKernels;
import dev.nn.api.tensor.Tensor;

/**
 * Normalization kernels, vectorized and multi-threaded: the channel layout (BatchNorm) in {@link ChannelNorm}, with
 * {@code (n, c)} input and small images in {@link StreamNorm}; the row layout (LayerNorm, GroupNorm, InstanceNorm,
 * RMSNorm) in {@link RowNorm}. The fused {@code …WithStatistics} forwards read x once where it fits in cache, and the
 * backwards write dx without reading it when asked not to accumulate. Only
 * the small per-channel bookkeeping ({@code inverseStd}, {@code updateRunningStatistics}) runs on the scalar twins.
 */
final class SimdNormKernels implements NormKernels {
    private final NormKernels scalar;
    private final Parallel parallel;

    SimdNormKernels(NormKernels scalar, Parallel parallel) {
        this.scalar = scalar;
        this.parallel = parallel;
    }

    private static float[] array(Tensor t) {
        return t == null ? null : t.hostArray();
    }

    @Override
    public void channelStatistics(Tensor mean, Tensor var, Tensor invstd, Tensor x, int n, int c, int inner,
                                  float eps) {
        ChannelNorm.statistics(parallel, mean.hostArray(), array(var), invstd.hostArray(), x.hostArray(), n, c,
                inner, eps);
    }

    @Override
    public void rowStatistics(Tensor mean, Tensor var, Tensor rstd, Tensor x, int rows, int cols, float eps) {
        RowNorm.statistics(parallel, mean.hostArray(), array(var), rstd.hostArray(), x.hostArray(), rows, cols, eps);
    }

    @Override
    public void inverseStd(Tensor invstd, Tensor var, int count, float eps) {
        scalar.inverseStd(invstd, var, count, eps);
    }

    @Override
    public void updateRunningStatistics(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor var, int groups,
                                        int c, int count, float factor) {
        scalar.updateRunningStatistics(runningMean, runningVar, mean, var, groups, c, count, factor);
    }

    @Override
    public void channelNormForwardWithStatistics(Tensor y, Tensor mean, Tensor var, Tensor invstd, Tensor x,
                                                 Tensor weight, Tensor bias, int n, int c, int inner, float eps) {
        ChannelNorm.forwardWithStatistics(parallel, y.hostArray(), mean.hostArray(), array(var), invstd.hostArray(),
                x.hostArray(), array(weight), array(bias), n, c, inner, eps);
    }

    @Override
    public void layerNormForwardWithStatistics(Tensor y, Tensor mean, Tensor rstd, Tensor x, Tensor weight,
                                               Tensor bias, int rows, int cols, float eps) {
        RowNorm.layerNormForwardWithStatistics(parallel, y.hostArray(), mean.hostArray(), rstd.hostArray(),
                x.hostArray(), array(weight), array(bias), rows, cols, eps);
    }

    @Override
    public void groupNormForwardWithStatistics(Tensor y, Tensor mean, Tensor var, Tensor rstd, Tensor x,
                                               Tensor weight, Tensor bias, int n, int c, int inner, int groups,
                                               float eps) {
        RowNorm.groupNormForwardWithStatistics(parallel, y.hostArray(), mean.hostArray(), array(var),
                rstd.hostArray(), x.hostArray(), array(weight), array(bias), n, c, inner, groups, eps);
    }

    @Override
    public void channelNormForward(Tensor y, Tensor x, Tensor mean, Tensor invstd, Tensor weight, Tensor bias,
                                   int n, int c, int inner) {
        ChannelNorm.forward(parallel, y.hostArray(), x.hostArray(), mean.hostArray(), invstd.hostArray(),
                array(weight), array(bias), n, c, inner);
    }

    @Override
    public void channelNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean,
                                    Tensor invstd, Tensor weight, int n, int c, int inner, boolean batchStatistics) {
        channelNormBackward(dx, dweight, dbias, dy, x, mean, invstd, weight, n, c, inner, batchStatistics, true);
    }

    @Override
    public void channelNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean,
                                    Tensor invstd, Tensor weight, int n, int c, int inner, boolean batchStatistics,
                                    boolean accumulate) {
        ChannelNorm.backward(parallel, array(dx), array(dweight), array(dbias), dy.hostArray(), x.hostArray(),
                mean.hostArray(), invstd.hostArray(), array(weight), n, c, inner, batchStatistics, accumulate);
    }

    @Override
    public void layerNormForward(Tensor y, Tensor x, Tensor mean, Tensor rstd, Tensor weight, Tensor bias,
                                 int rows, int cols) {
        RowNorm.layerNormForward(parallel, y.hostArray(), x.hostArray(), mean.hostArray(), rstd.hostArray(),
                array(weight), array(bias), rows, cols);
    }

    @Override
    public void layerNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean,
                                  Tensor rstd, Tensor weight, int rows, int cols) {
        layerNormBackward(dx, dweight, dbias, dy, x, mean, rstd, weight, rows, cols, true);
    }

    @Override
    public void layerNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean,
                                  Tensor rstd, Tensor weight, int rows, int cols, boolean accumulate) {
        RowNorm.layerNormBackward(parallel, array(dx), array(dweight), array(dbias), dy.hostArray(), x.hostArray(),
                mean.hostArray(), rstd.hostArray(), array(weight), rows, cols, accumulate);
    }

    @Override
    public void groupNormForward(Tensor y, Tensor x, Tensor mean, Tensor rstd, Tensor weight, Tensor bias,
                                 int n, int c, int inner, int groups) {
        RowNorm.groupNormForward(parallel, y.hostArray(), x.hostArray(), mean.hostArray(), rstd.hostArray(),
                array(weight), array(bias), n, c, inner, groups);
    }

    @Override
    public void groupNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean,
                                  Tensor rstd, Tensor weight, int n, int c, int inner, int groups) {
        groupNormBackward(dx, dweight, dbias, dy, x, mean, rstd, weight, n, c, inner, groups, true);
    }

    @Override
    public void groupNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean,
                                  Tensor rstd, Tensor weight, int n, int c, int inner, int groups,
                                  boolean accumulate) {
        RowNorm.groupNormBackward(parallel, array(dx), array(dweight), array(dbias), dy.hostArray(), x.hostArray(),
                mean.hostArray(), rstd.hostArray(), array(weight), n, c, inner, groups, accumulate);
    }

    @Override
    public void rmsNormForward(Tensor y, Tensor rrms, Tensor x, Tensor weight, int rows, int cols, float eps) {
        RowNorm.rmsNormForward(parallel, y.hostArray(), rrms.hostArray(), x.hostArray(), array(weight), rows, cols,
                eps);
    }

    @Override
    public void rmsNormBackward(Tensor dx, Tensor dweight, Tensor dy, Tensor x, Tensor rrms, Tensor weight,
                                int rows, int cols) {
        rmsNormBackward(dx, dweight, dy, x, rrms, weight, rows, cols, true);
    }

    @Override
    public void rmsNormBackward(Tensor dx, Tensor dweight, Tensor dy, Tensor x, Tensor rrms, Tensor weight,
                                int rows, int cols, boolean accumulate) {
        RowNorm.rmsNormBackward(parallel, array(dx), array(dweight), dy.hostArray(), x.hostArray(),
                rrms.hostArray(), array(weight), rows, cols, accumulate);
    }
}
