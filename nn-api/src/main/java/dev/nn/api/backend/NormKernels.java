package dev.nn.api.backend;

import dev.nn.api.tensor.Tensor;

/**
 * Fused kernels of the normalization layers (BatchNorm, LayerNorm, GroupNorm, InstanceNorm, RMSNorm), obtained
 * from {@link Backend#norm()}. Two layouts cover every layer:
 * <ul>
 *   <li><b>channel</b>: x viewed as {@code (n, c, inner)}, one statistic per channel over {@code n * inner} values
 *       (BatchNorm, and InstanceNorm's running statistics in eval mode);</li>
 *   <li><b>row</b>: x viewed as {@code (rows, cols)}, one statistic per row (LayerNorm; GroupNorm with
 *       {@code rows = n * groups}, {@code cols = c / groups * inner}; InstanceNorm = GroupNorm with groups = c).</li>
 * </ul>
 * Variances are biased (divided by the count) as in PyTorch's normalization; {@code invstd = 1 / sqrt(var + eps)}.
 * Reductions accumulate in double. Backward kernels accumulate into {@code d}-prefixed gradients (the caller zeroes
 * them); a null gradient or a null weight/bias is skipped (no affine transform). Each backward also has an overload
 * with a final {@code accumulate} flag: with {@code false} it overwrites the input gradient {@code dx} (the weight and
 * bias gradients still accumulate), so a layer that wants a fresh input gradient need not zero it and a backend need
 * not read it; by default it zeroes dx and accumulates. Kernels trust their sizes.
 */
public interface NormKernels {

    // ---- statistics -------------------------------------------------------------------------------------------

    /**
     * Per-channel mean, biased variance and inverse standard deviation of x viewed as {@code (n, c, inner)}.
     *
     * @param mean {@code (c)}, overwritten
     * @param var {@code (c)} biased variance, overwritten; null when not wanted
     * @param invstd {@code (c)} {@code 1 / sqrt(var + eps)}, overwritten
     * @param x input
     * @param n batch size
     * @param c channels
     * @param inner product of the spatial dimensions (1 for {@code (n, c)} input)
     * @param eps added to the variance inside the square root
     */
    void channelStatistics(Tensor mean, Tensor var, Tensor invstd, Tensor x, int n, int c, int inner, float eps);

    /**
     * Per-row mean, biased variance and inverse standard deviation of x viewed as {@code (rows, cols)}.
     *
     * @param mean {@code (rows)}, overwritten
     * @param var {@code (rows)} biased variance, overwritten; null when not wanted
     * @param rstd {@code (rows)} {@code 1 / sqrt(var + eps)}, overwritten
     * @param x input
     * @param rows rows
     * @param cols values per row
     * @param eps added to the variance inside the square root
     */
    void rowStatistics(Tensor mean, Tensor var, Tensor rstd, Tensor x, int rows, int cols, float eps);

    /**
     * {@code invstd[i] = 1 / sqrt(var[i] + eps)} (eval mode from running variances).
     *
     * @param invstd {@code (count)}, overwritten
     * @param var {@code (count)}
     * @param count values
     * @param eps added inside the square root
     */
    void inverseStd(Tensor invstd, Tensor var, int count, float eps);

    /**
     * Exponential update of running statistics from per-(group, channel) batch statistics, averaged over the groups
     * (one group for BatchNorm; the batch's instances for InstanceNorm):
     * {@code running = (1 - factor) * running + factor * mean_g(stat[g, c])}, where the variance statistic is made
     * unbiased with {@code count / (count - 1)} first.
     *
     * @param runningMean {@code (c)}, updated
     * @param runningVar {@code (c)}, updated
     * @param mean {@code (groups, c)} batch means
     * @param var {@code (groups, c)} biased batch variances over {@code count} values each
     * @param groups statistics averaged per channel
     * @param c channels
     * @param count values behind each statistic (> 1)
     * @param factor weight of the new statistics (PyTorch's momentum, or {@code 1 / num_batches_tracked})
     */
    void updateRunningStatistics(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor var, int groups, int c,
                                 int count, float factor);

    // ---- statistics and normalization in one call ----------------------------------------------------------------

    /**
     * {@link #channelStatistics} then {@link #channelNormForward} with them, in one call: a backend may normalize
     * each channel while its values are still in cache, reading x once instead of twice (BatchNorm's training
     * forward is memory-bound). Results are those of the two calls.
     *
     * @param y output, overwritten
     * @param mean {@code (c)}, overwritten
     * @param var {@code (c)} biased variance, overwritten; null when not wanted
     * @param invstd {@code (c)}, overwritten
     * @param x input
     * @param weight {@code (c)} or null (scale 1)
     * @param bias {@code (c)} or null (shift 0)
     * @param n batch size
     * @param c channels
     * @param inner spatial size (1 for {@code (n, c)} input)
     * @param eps added to the variance inside the square root
     */
    default void channelNormForwardWithStatistics(Tensor y, Tensor mean, Tensor var, Tensor invstd, Tensor x,
                                                  Tensor weight, Tensor bias, int n, int c, int inner, float eps) {
        channelStatistics(mean, var, invstd, x, n, c, inner, eps);
        channelNormForward(y, x, mean, invstd, weight, bias, n, c, inner);
    }

    /**
     * {@link #rowStatistics} then {@link #layerNormForward} with them, in one call: a backend may normalize each
     * row while it is still in cache (llm.c's {@code layernorm_forward(out, mean, rstd, inp, weight, bias, B, T, C)}).
     * Results are those of the two calls.
     *
     * @param y output {@code (rows, cols)}, overwritten
     * @param mean {@code (rows)}, overwritten
     * @param rstd {@code (rows)}, overwritten
     * @param x input {@code (rows, cols)}
     * @param weight {@code (cols)} or null
     * @param bias {@code (cols)} or null
     * @param rows rows
     * @param cols values per row
     * @param eps added to the variance inside the square root
     */
    default void layerNormForwardWithStatistics(Tensor y, Tensor mean, Tensor rstd, Tensor x, Tensor weight,
                                                Tensor bias, int rows, int cols, float eps) {
        rowStatistics(mean, null, rstd, x, rows, cols, eps);
        layerNormForward(y, x, mean, rstd, weight, bias, rows, cols);
    }

    /**
     * {@link #rowStatistics} over the {@code (n * groups, c / groups * inner)} rows, then {@link #groupNormForward}
     * with them, in one call (GroupNorm, and InstanceNorm with {@code groups = c}). Results are those of the two
     * calls.
     *
     * @param y output, overwritten
     * @param mean {@code (n, groups)}, overwritten
     * @param var {@code (n, groups)} biased variance, overwritten; null when not wanted
     * @param rstd {@code (n, groups)}, overwritten
     * @param x input {@code (n, c, inner)}
     * @param weight {@code (c)} or null
     * @param bias {@code (c)} or null
     * @param n batch size
     * @param c channels
     * @param inner spatial size
     * @param groups groups, dividing c
     * @param eps added to the variance inside the square root
     */
    default void groupNormForwardWithStatistics(Tensor y, Tensor mean, Tensor var, Tensor rstd, Tensor x,
                                                Tensor weight, Tensor bias, int n, int c, int inner, int groups,
                                                float eps) {
        rowStatistics(mean, var, rstd, x, n * groups, c / groups * inner, eps);
        groupNormForward(y, x, mean, rstd, weight, bias, n, c, inner, groups);
    }

    // ---- channel layout (BatchNorm) ---------------------------------------------------------------------------

    /**
     * {@code y = (x - mean[c]) * invstd[c] * weight[c] + bias[c]} over x viewed as {@code (n, c, inner)}.
     *
     * @param y output, overwritten
     * @param x input
     * @param mean {@code (c)}
     * @param invstd {@code (c)}
     * @param weight {@code (c)} or null (scale 1)
     * @param bias {@code (c)} or null (shift 0)
     * @param n batch size
     * @param c channels
     * @param inner spatial size
     */
    void channelNormForward(Tensor y, Tensor x, Tensor mean, Tensor invstd, Tensor weight, Tensor bias,
                            int n, int c, int inner);

    /**
     * Fused backward of {@link #channelNormForward}: with {@code xhat = (x - mean) * invstd} and
     * {@code M = n * inner}, {@code dweight += sum(dy * xhat)}, {@code dbias += sum(dy)} and, when the statistics
     * came from this batch, {@code dx += weight * invstd / M * (M * dy - sum(dy) - xhat * sum(dy * xhat))};
     * with fixed (running) statistics {@code dx += dy * weight * invstd}.
     *
     * @param dx input gradient, accumulated; null when not wanted
     * @param dweight {@code (c)}, accumulated; null when not wanted
     * @param dbias {@code (c)}, accumulated; null when not wanted
     * @param dy output gradient
     * @param x the forward input
     * @param mean {@code (c)} statistics the forward pass used
     * @param invstd {@code (c)}
     * @param weight {@code (c)} or null (scale 1)
     * @param n batch size
     * @param c channels
     * @param inner spatial size
     * @param batchStatistics whether mean and invstd were computed from x (gradient flows through them)
     */
    void channelNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean,
                             Tensor invstd, Tensor weight, int n, int c, int inner, boolean batchStatistics);

    /**
     * {@link #channelNormBackward}, overwriting dx instead of adding to it when {@code accumulate} is false (see the
     * class comment); the default zeroes dx first.
     *
     * @param dx input gradient: accumulated, or overwritten when {@code accumulate} is false; null when not wanted
     * @param dweight {@code (c)}, accumulated; null when not wanted
     * @param dbias {@code (c)}, accumulated; null when not wanted
     * @param dy output gradient
     * @param x the forward input
     * @param mean {@code (c)} statistics the forward pass used
     * @param invstd {@code (c)}
     * @param weight {@code (c)} or null (scale 1)
     * @param n batch size
     * @param c channels
     * @param inner spatial size
     * @param batchStatistics whether mean and invstd were computed from x (gradient flows through them)
     * @param accumulate whether dx is added to (true) or overwritten (false)
     */
    default void channelNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean,
                                     Tensor invstd, Tensor weight, int n, int c, int inner, boolean batchStatistics,
                                     boolean accumulate) {
        if (!accumulate && dx != null) {
            dx.backend().fill(dx, 0f);
        }
        channelNormBackward(dx, dweight, dbias, dy, x, mean, invstd, weight, n, c, inner, batchStatistics);
    }

    // ---- row layout (LayerNorm, GroupNorm, InstanceNorm) ------------------------------------------------------

    /**
     * LayerNorm: {@code y[r, j] = (x[r, j] - mean[r]) * rstd[r] * weight[j] + bias[j]}.
     *
     * @param y output {@code (rows, cols)}, overwritten
     * @param x input {@code (rows, cols)}
     * @param mean {@code (rows)}
     * @param rstd {@code (rows)}
     * @param weight {@code (cols)} or null
     * @param bias {@code (cols)} or null
     * @param rows rows
     * @param cols values per row
     */
    void layerNormForward(Tensor y, Tensor x, Tensor mean, Tensor rstd, Tensor weight, Tensor bias,
                          int rows, int cols);

    /**
     * Fused backward of {@link #layerNormForward}: with {@code g = dy * weight} and {@code xhat},
     * {@code dx += rstd * (g - mean_j(g) - xhat * mean_j(g * xhat))}, {@code dweight[j] += sum_r dy * xhat},
     * {@code dbias[j] += sum_r dy}.
     *
     * @param dx accumulated; null when not wanted
     * @param dweight {@code (cols)}, accumulated; null when not wanted
     * @param dbias {@code (cols)}, accumulated; null when not wanted
     * @param dy output gradient
     * @param x the forward input
     * @param mean {@code (rows)}
     * @param rstd {@code (rows)}
     * @param weight {@code (cols)} or null
     * @param rows rows
     * @param cols values per row
     */
    void layerNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean, Tensor rstd,
                           Tensor weight, int rows, int cols);

    /**
     * {@link #layerNormBackward}, overwriting dx instead of adding to it when {@code accumulate} is false (see the
     * class comment); the default zeroes dx first.
     *
     * @param dx accumulated, or overwritten when {@code accumulate} is false; null when not wanted
     * @param dweight {@code (cols)}, accumulated; null when not wanted
     * @param dbias {@code (cols)}, accumulated; null when not wanted
     * @param dy output gradient
     * @param x the forward input
     * @param mean {@code (rows)}
     * @param rstd {@code (rows)}
     * @param weight {@code (cols)} or null
     * @param rows rows
     * @param cols values per row
     * @param accumulate whether dx is added to (true) or overwritten (false)
     */
    default void layerNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean,
                                   Tensor rstd, Tensor weight, int rows, int cols, boolean accumulate) {
        if (!accumulate && dx != null) {
            dx.backend().fill(dx, 0f);
        }
        layerNormBackward(dx, dweight, dbias, dy, x, mean, rstd, weight, rows, cols);
    }

    /**
     * GroupNorm: x viewed as {@code (n, groups, c / groups, inner)} is normalized per {@code (n, group)} row, then
     * scaled and shifted per channel: {@code y = (x - mean[n, g]) * rstd[n, g] * weight[c] + bias[c]}.
     *
     * @param y output, overwritten
     * @param x input {@code (n, c, inner)}
     * @param mean {@code (n, groups)}
     * @param rstd {@code (n, groups)}
     * @param weight {@code (c)} or null
     * @param bias {@code (c)} or null
     * @param n batch size
     * @param c channels
     * @param inner spatial size
     * @param groups groups, dividing c
     */
    void groupNormForward(Tensor y, Tensor x, Tensor mean, Tensor rstd, Tensor weight, Tensor bias,
                          int n, int c, int inner, int groups);

    /**
     * Fused backward of {@link #groupNormForward}: per row {@code (n, group)} with {@code g = dy * weight[c]},
     * {@code dx += rstd * (g - mean(g) - xhat * mean(g * xhat))}; per channel {@code dweight += sum dy * xhat},
     * {@code dbias += sum dy}.
     *
     * @param dx accumulated; null when not wanted
     * @param dweight {@code (c)}, accumulated; null when not wanted
     * @param dbias {@code (c)}, accumulated; null when not wanted
     * @param dy output gradient
     * @param x the forward input
     * @param mean {@code (n, groups)}
     * @param rstd {@code (n, groups)}
     * @param weight {@code (c)} or null
     * @param n batch size
     * @param c channels
     * @param inner spatial size
     * @param groups groups
     */
    void groupNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean, Tensor rstd,
                           Tensor weight, int n, int c, int inner, int groups);

    /**
     * {@link #groupNormBackward}, overwriting dx instead of adding to it when {@code accumulate} is false (see the
     * class comment); the default zeroes dx first.
     *
     * @param dx accumulated, or overwritten when {@code accumulate} is false; null when not wanted
     * @param dweight {@code (c)}, accumulated; null when not wanted
     * @param dbias {@code (c)}, accumulated; null when not wanted
     * @param dy output gradient
     * @param x the forward input
     * @param mean {@code (n, groups)}
     * @param rstd {@code (n, groups)}
     * @param weight {@code (c)} or null
     * @param n batch size
     * @param c channels
     * @param inner spatial size
     * @param groups groups
     * @param accumulate whether dx is added to (true) or overwritten (false)
     */
    default void groupNormBackward(Tensor dx, Tensor dweight, Tensor dbias, Tensor dy, Tensor x, Tensor mean,
                                   Tensor rstd, Tensor weight, int n, int c, int inner, int groups,
                                   boolean accumulate) {
        if (!accumulate && dx != null) {
            dx.backend().fill(dx, 0f);
        }
        groupNormBackward(dx, dweight, dbias, dy, x, mean, rstd, weight, n, c, inner, groups);
    }

    // ---- RMSNorm ----------------------------------------------------------------------------------------------

    /**
     * RMSNorm: {@code rrms[r] = 1 / sqrt(mean_j(x[r, j]^2) + eps)}, {@code y[r, j] = x[r, j] * rrms[r] * weight[j]}.
     *
     * @param y output {@code (rows, cols)}, overwritten
     * @param rrms {@code (rows)} reciprocal root mean square, overwritten (saved for backward)
     * @param x input {@code (rows, cols)}
     * @param weight {@code (cols)} or null
     * @param rows rows
     * @param cols values per row
     * @param eps added to the mean square
     */
    void rmsNormForward(Tensor y, Tensor rrms, Tensor x, Tensor weight, int rows, int cols, float eps);

    /**
     * Fused backward of {@link #rmsNormForward}: with {@code g = dy * weight} and {@code xhat = x * rrms},
     * {@code dx += rrms * (g - xhat * mean_j(g * xhat))}, {@code dweight[j] += sum_r dy * xhat}.
     *
     * @param dx accumulated; null when not wanted
     * @param dweight {@code (cols)}, accumulated; null when not wanted
     * @param dy output gradient
     * @param x the forward input
     * @param rrms {@code (rows)} from the forward pass
     * @param weight {@code (cols)} or null
     * @param rows rows
     * @param cols values per row
     */
    void rmsNormBackward(Tensor dx, Tensor dweight, Tensor dy, Tensor x, Tensor rrms, Tensor weight,
                         int rows, int cols);

    /**
     * {@link #rmsNormBackward}, overwriting dx instead of adding to it when {@code accumulate} is false (see the
     * class comment); the default zeroes dx first.
     *
     * @param dx accumulated, or overwritten when {@code accumulate} is false; null when not wanted
     * @param dweight {@code (cols)}, accumulated; null when not wanted
     * @param dy output gradient
     * @param x the forward input
     * @param rrms {@code (rows)} from the forward pass
     * @param weight {@code (cols)} or null
     * @param rows rows
     * @param cols values per row
     * @param accumulate whether dx is added to (true) or overwritten (false)
     */
    default void rmsNormBackward(Tensor dx, Tensor dweight, Tensor dy, Tensor x, Tensor rrms, Tensor weight,
                                 int rows, int cols, boolean accumulate) {
        if (!accumulate && dx != null) {
            dx.backend().fill(dx, 0f);
        }
        rmsNormBackward(dx, dweight, dy, x, rrms, weight, rows, cols);
    }
}
