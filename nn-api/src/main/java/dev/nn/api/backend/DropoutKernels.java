package dev.nn.api.backend;

import dev.nn.api.tensor.Tensor;

/**
 * Kernels of the regularizers: dropout masks and noise drawn from {@link NoiseKey} streams, and the weight-penalty
 * kernels the core set lacks. The random contract every backend follows, so masks agree across backends:
 * <ul>
 *   <li>Draws come from a {@link NoiseKey}; element {@code i} of a tensor uses draw {@code i / group}
 *       ({@code group} = 1 for element-wise dropout, the size of one {@code (n, c)} plane for channel dropout), so
 *       all elements of a group share one decision.</li>
 *   <li>A draw with word {@code w} is dropped when {@code (w >>> 8) < }{@link #dropThreshold(double)}, i.e. with
 *       probability {@code round(p * 2^24) / 2^24}.</li>
 *   <li>Inverted dropout multiplies: {@code y = x * m} with {@code m = kept ? scale(p) : 0f}, as PyTorch does, so a
 *       dropped NaN or infinity gives NaN and a dropped negative value gives -0.0; the gradient is {@code dy * m}.</li>
 *   <li>Normal draws use Box-Muller on one block: words (0, 1) give draws {@code 4b, 4b+1}, words (2, 3) give
 *       {@code 4b+2, 4b+3} (see {@link #normalPair}).</li>
 * </ul>
 * Masks are never stored: backward regenerates them from the key, which costs a few multiplies per element instead
 * of a byte per element of memory traffic.
 */
public interface DropoutKernels {
    /** SELU's {@code lambda * alpha}; AlphaDropout's {@code alpha' = -SELU_LAMBDA_ALPHA}, SELU's lower limit. */
    double SELU_LAMBDA_ALPHA = 1.7580993408473766;

    /**
     * {@return the drop threshold on the high 24 bits of a word: {@code round(p * 2^24)}}
     *
     * @param p drop probability in [0, 1]
     */
    static int dropThreshold(double p) {
        return (int) Math.round(p * 0x1p24);
    }

    /**
     * {@return whether the draw keeps its element(s)}
     *
     * @param word a draw
     * @param threshold {@link #dropThreshold(double)}
     */
    static boolean kept(int word, int threshold) {
        return (word >>> 8) >= threshold;
    }

    /**
     * Alpha dropout's affine factor {@code a = 1 / sqrt((alpha^2 p + 1)(1 - p))}, in double like PyTorch, with
     * {@code alpha} = {@link #SELU_LAMBDA_ALPHA}.
     *
     * @param p drop probability in [0, 1)
     * @return {@code a}
     */
    static double alphaScale(double p) {
        return 1.0 / Math.sqrt((SELU_LAMBDA_ALPHA * SELU_LAMBDA_ALPHA * p + 1) * (1 - p));
    }

    /**
     * PyTorch's inverted-dropout scale: {@code 1/(1-p)} rounded once to float32 (not {@code 1/float32(1-p)}).
     *
     * @param p drop probability in [0, 1)
     * @return {@code float32(1/(1-p))}
     */
    static float scale(double p) {
        return (float) (1.0 / (1.0 - p));
    }

    /**
     * Box-Muller on two words: {@code u1, u2 = (w + 0.5) / 2^32} in (0, 1), {@code r = sqrt(-2 ln u1)},
     * {@code z0 = r cos(2 pi u2)}, {@code z1 = r sin(2 pi u2)}, in double.
     *
     * @param w0 first word (radius)
     * @param w1 second word (angle)
     * @param second false for {@code z0}, true for {@code z1}
     * @return a standard normal draw
     */
    static double normalPair(int w0, int w1, boolean second) {
        double u1 = ((w0 & 0xFFFF_FFFFL) + 0.5) * 0x1p-32;
        double u2 = ((w1 & 0xFFFF_FFFFL) + 0.5) * 0x1p-32;
        double r = Math.sqrt(-2.0 * Math.log(u1));
        double angle = 2.0 * Math.PI * u2;
        return second ? r * Math.sin(angle) : r * Math.cos(angle);
    }

    // ---- Bernoulli dropout ------------------------------------------------------------------------------------

    /**
     * Inverted dropout: {@code y[i] = x[i] * (kept(i / group) ? scale(p) : 0f)}.
     *
     * @param y output, same size as x (may be x)
     * @param x input
     * @param key the stream
     * @param p drop probability in [0, 1]
     * @param group consecutive elements sharing one draw, {@code >= 1}, dividing the size
     */
    void bernoulliForward(Tensor y, Tensor x, NoiseKey key, double p, int group);

    /**
     * {@code dx[i] += dy[i] * (kept(i / group) ? scale(p) : 0f)}, the mask regenerated from the key.
     *
     * @param dx input gradient, accumulated
     * @param dy output gradient
     * @param key the stream of the forward pass
     * @param p drop probability
     * @param group elements per draw
     */
    void bernoulliBackward(Tensor dx, Tensor dy, NoiseKey key, double p, int group);

    /**
     * The keep mask of a range of elements: {@code mask[i] = kept((first + i) / group) ? 1 : 0}. For inspection,
     * checkpoints of masks and tests; the forward and backward kernels draw the same decisions.
     *
     * @param mask output, one value per element
     * @param key the stream
     * @param p drop probability
     * @param group elements per draw
     * @param first index of the element that {@code mask[0]} describes
     */
    void keepMask(Tensor mask, NoiseKey key, double p, int group, long first);

    // ---- alpha dropout ----------------------------------------------------------------------------------------

    /**
     * AlphaDropout (Klambauer et al. 2017) with PyTorch's float32 arithmetic: with
     * {@code a = ((1-p)(1 + p * SELU_LAMBDA_ALPHA^2))^(-1/2)}, {@code bKeep = float32(SELU_LAMBDA_ALPHA * a * p)}
     * and {@code bDrop = bKeep - float32(SELU_LAMBDA_ALPHA * a)} (a float32 subtraction),
     * {@code y = x * (kept ? float32(a) : 0f) + (kept ? bKeep : bDrop)}.
     *
     * @param y output (may be x)
     * @param x input
     * @param key the stream
     * @param p drop probability in (0, 1)
     * @param group elements per draw (1, or a plane for feature alpha dropout)
     */
    void alphaForward(Tensor y, Tensor x, NoiseKey key, double p, int group);

    /**
     * {@code dx[i] += dy[i] * (kept ? float32(a) : 0f)}.
     *
     * @param dx input gradient, accumulated
     * @param dy output gradient
     * @param key the stream of the forward pass
     * @param p drop probability
     * @param group elements per draw
     */
    void alphaBackward(Tensor dx, Tensor dy, NoiseKey key, double p, int group);

    // ---- Gaussian noise ---------------------------------------------------------------------------------------

    /**
     * {@code out[i] = mean + stddev * (float) z(first + i)}, z standard normal draws of the stream.
     *
     * @param out output
     * @param key the stream
     * @param mean mean of the noise
     * @param stddev standard deviation of the noise
     * @param first index of the draw for {@code out[0]}
     */
    void normalNoise(Tensor out, NoiseKey key, float mean, float stddev, long first);

    // ---- weight penalties -------------------------------------------------------------------------------------

    /**
     * {@return {@code sum |x|}, accumulated in double (the L1 penalty before its coefficient)}
     *
     * @param x input
     */
    double absSum(Tensor x);

    /**
     * {@code dx += lambda * sign(x)} with {@code sign(0) = 0} (the L1 subgradient PyTorch's autograd uses).
     *
     * @param dx gradient, accumulated
     * @param lambda coefficient
     * @param x the values
     */
    void signAxpy(Tensor dx, float lambda, Tensor x);

    /**
     * Keras {@code MaxNorm}: each row r of {@code w (rows, cols)} is scaled by
     * {@code min(norm_r, maxNorm) / (eps + norm_r)} with {@code norm_r = sqrt(sum_c w[r, c]^2)}.
     *
     * @param w updated in place, read as {@code (rows, cols)}
     * @param rows units (output features or output channels)
     * @param cols values per unit
     * @param maxNorm the largest norm a unit keeps
     * @param eps added to the norm (Keras's {@code epsilon()} = 1e-7)
     */
    void maxNormRows(Tensor w, int rows, int cols, float maxNorm, float eps);
}
