package dev.nn.cpu.simd;

import dev.nn.api.backend.NormKernels;
import dev.nn.api.tensor.Tensor;

/**
 * Normalization kernels: BatchNorm's channel statistics, forward and backward vectorized and split over channels
 * ({@link ChannelNorm}); the row-layout kernels (LayerNorm, GroupNorm, InstanceNorm, RMSNorm) and the small
 * per-channel bookkeeping run on their scalar twins.
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
        scalar.rowStatistics(mean, var, rstd, x, rows, cols, eps);
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
    public void channelNormForward(Tensor y, Tensor x, Tensor mean, Tensor invstd, Tensor weight, Tensor bias,
                                   int n, int c, int inner) {
        ChannelNorm.forward(parallel, y.hostArray(), x.hostArray(), mean.hostArray(), invstd.hostArray(),
                array(weight), array(bias), n, c, inner);
    }

    @Override
    public void channelNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean,
                                    Tensor invstd, Tensor weight, int n, int c, int inner, boolean batchStatistics) {
        ChannelNorm.backward(parallel, array(dx), array(dweight), array(dbias), dy.hostArray(), x.hostArray(),
                mean.hostArray(), invstd.hostArray(), array(weight), n, c, inner, batchStatistics);
    }

    @Override
    public void layerNormForward(Tensor y, Tensor x, Tensor mean, Tensor rstd, Tensor weight, Tensor bias,
                                 int rows, int cols) {
        scalar.layerNormForward(y, x, mean, rstd, weight, bias, rows, cols);
    }

    @Override
    public void layerNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean,
                                  Tensor rstd, Tensor weight, int rows, int cols) {
        scalar.layerNormBackward(dx, dweight, dbias, dy, x, mean, rstd, weight, rows, cols);
    }

    @Override
    public void groupNormForward(Tensor y, Tensor x, Tensor mean, Tensor rstd, Tensor weight, Tensor bias,
                                 int n, int c, int inner, int groups) {
        scalar.groupNormForward(y, x, mean, rstd, weight, bias, n, c, inner, groups);
    }

    @Override
    public void groupNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean,
                                  Tensor rstd, Tensor weight, int n, int c, int inner, int groups) {
        scalar.groupNormBackward(dx, dweight, dbias, dy, x, mean, rstd, weight, n, c, inner, groups);
    }

    @Override
    public void rmsNormForward(Tensor y, Tensor rrms, Tensor x, Tensor weight, int rows, int cols, float eps) {
        scalar.rmsNormForward(y, rrms, x, weight, rows, cols, eps);
    }

    @Override
    public void rmsNormBackward(Tensor dx, Tensor dweight, Tensor dy, Tensor x, Tensor rrms, Tensor weight,
                                int rows, int cols) {
        scalar.rmsNormBackward(dx, dweight, dy, x, rrms, weight, rows, cols);
    }
}
