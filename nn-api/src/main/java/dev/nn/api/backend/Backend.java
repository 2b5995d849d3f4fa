package dev.nn.api.backend;

import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.List;

/**
 * Memory and fused kernels on tensors this backend owns. Conventions, shared by every backend:
 * <ul>
 *   <li>Tensors are contiguous row-major float32; matrices are tensors read as {@code (rows, cols)}.</li>
 *   <li>Arguments are outputs, inputs, then sizes. Public entry points of layers validate shapes once; kernels trust
 *       their arguments.</li>
 *   <li>Backward kernels <em>accumulate</em> into {@code d}-prefixed gradients; the caller zeroes them. A
 *       {@code null} gradient is not wanted and is skipped.</li>
 *   <li>Every kernel has a twin in the scalar reference backend; other backends are tested against it
 *       ({@code dev.nn.tck}). Results may differ from the twin by a few ulps (fused multiply-add, another
 *       summation order) within the numeric contract, but must not depend on the number of threads: the same
 *       inputs give the same bits for any {@link BackendConfig#threads()}.</li>
 *   <li>Elementwise kernels ({@link #add}, {@link #mul}, {@link #scale}, {@link #axpy},
 *       {@link #activationForward}) accept an output that is one of their inputs; other kernels need distinct
 *       tensors.</li>
 * </ul>
 *
 * <h2>Memory and its lifetime</h2>
 * A backend owns every tensor it allocates ({@link #zeros}, {@link #tensor}) until {@link #free} or
 * {@link #close()}; after that, using the tensor fails with an error that says so. Layers and losses keep their
 * outputs and gradients in {@link dev.nn.api.tensor.TensorSlot}s, reused step after step, so a steady-state
 * training step allocates nothing and frees nothing.
 *
 * <h2>Host traffic</h2>
 * {@link #read}, {@link #sum} and {@link #sumOfSquares} bring values to the host; {@link #write} and
 * {@link #tensor} send them. On a device each is a synchronization, so a training step uses none of them but the
 * two writes of its batch (inputs and targets): losses, correct counts and gradient norms are written into
 * tensors by kernels ({@link #sumInto}, {@link #countCorrect}, {@link #clipGradNorm}) and read once per progress
 * update.
 *
 * <h2>Kernel families</h2>
 * The kernels declared here are required. The families behind {@link #norm()} and {@link #dropout()} are optional:
 * a backend without one throws {@link MissingKernelsException} naming the family and itself. A host backend can
 * start small by returning the scalar twins' families ({@code dev.nn.host.scalar.ScalarBackend}).
 */
public interface Backend extends AutoCloseable {
    /** {@return the provider's stable name, e.g. {@code scalar}} */
    String name();

    /**
     * {@return how many threads this backend computes with: {@code 1} for a single-threaded backend, which is the
     * default; a backend that honours {@link BackendConfig#threads()} returns the count it resolved (one per
     * processor for {@code 0})} Callers use it to tell a user that a thread request had no effect.
     */
    default int threads() {
        return 1;
    }

    // ---- memory -----------------------------------------------------------------------------------------------

    /**
     * {@return a new tensor filled with zeros}
     *
     * @param shape the shape
     */
    Tensor zeros(Shape shape);

    /**
     * {@return a new tensor holding the values}
     *
     * @param shape the shape
     * @param values row-major values, copied; length must equal the shape's size
     * @throws dev.nn.api.ShapeException when the length differs from the shape's size
     */
    Tensor tensor(Shape shape, float[] values);

    /**
     * {@return a host copy of its values}
     *
     * @param src a tensor of this backend
     */
    float[] read(Tensor src);

    /**
     * Overwrites a tensor with host values.
     *
     * @param dst the tensor
     * @param values exactly {@code dst.size()} values
     * @throws dev.nn.api.ShapeException when the length differs from the tensor's size
     */
    void write(Tensor dst, float[] values);

    /**
     * Copies one tensor into another of the same size, on the backend.
     *
     * @param dst destination, same size as {@code src}
     * @param src source
     * @throws dev.nn.api.ShapeException when the sizes differ
     */
    void copy(Tensor dst, Tensor src);

    /**
     * Copies {@code count} values from {@code src[srcOffset..]} to {@code dst[dstOffset..]} on the backend (a
     * step's loss into a row of metrics, without a trip through the host).
     *
     * @param dst destination
     * @param dstOffset first value written
     * @param src source
     * @param srcOffset first value read
     * @param count values
     * @throws dev.nn.api.ShapeException when a range leaves its tensor or an argument is negative
     */
    void copy(Tensor dst, int dstOffset, Tensor src, int srcOffset, int count);

    /**
     * Sets every element to one value.
     *
     * @param dst the tensor to overwrite
     * @param value the value for every element
     */
    void fill(Tensor dst, float value);

    /**
     * Releases a tensor's memory now (and that of every view of it); using it afterwards fails clearly.
     *
     * @param t a tensor this backend allocated
     * @throws IllegalArgumentException when another backend allocated it
     * @throws IllegalStateException when this backend is closed (close freed it already)
     */
    void free(Tensor t);

    /**
     * {@return live and total allocations of this backend; bytes count at least 4 per value (a backend may pad) and a
     * {@link #free} returns exactly what its allocation added; still answers after {@link #close()}, with nothing live}
     */
    MemoryStats memory();

    /** {@return whether {@link #close()} was called} */
    boolean isClosed();

    /**
     * Releases every tensor this backend allocated and its worker threads. Afterwards its tensors, allocation and
     * {@link #free} fail with an {@link IllegalStateException} that says the backend was closed ({@link #memory()}
     * and {@link #isClosed()} still answer). Closing twice does nothing.
     */
    @Override
    void close();

    // ---- elementwise ------------------------------------------------------------------------------------------

    /**
     * {@code out = a + b}, all of one size.
     *
     * @param out result
     * @param a left
     * @param b right
     */
    void add(Tensor out, Tensor a, Tensor b);

    /**
     * {@code out = a * b} elementwise, all of one size.
     *
     * @param out result
     * @param a left
     * @param b right
     */
    void mul(Tensor out, Tensor a, Tensor b);

    /**
     * {@code out = alpha * x}.
     *
     * @param out result (may be x)
     * @param x input
     * @param alpha factor
     */
    void scale(Tensor out, Tensor x, float alpha);

    /**
     * {@code y += alpha * x}.
     *
     * @param y accumulated
     * @param alpha factor
     * @param x input
     */
    void axpy(Tensor y, float alpha, Tensor x);

    /**
     * {@code y = f(x)}.
     *
     * @param f the nonlinearity
     * @param param its parameter (see {@link Activation})
     * @param y output, same size as x (may be x)
     * @param x input
     */
    void activationForward(Activation f, float param, Tensor y, Tensor x);

    /**
     * {@code dx += f'(x) * dy}.
     *
     * @param f the nonlinearity
     * @param param its parameter
     * @param dx accumulated input gradient
     * @param dy output gradient
     * @param x the forward input
     * @param y the forward output (cheaper derivative for tanh and sigmoid)
     */
    void activationBackward(Activation f, float param, Tensor dx, Tensor dy, Tensor x, Tensor y);

    // ---- reductions -------------------------------------------------------------------------------------------

    /**
     * {@return the sum of all elements, accumulated in double}
     *
     * @param x input
     */
    double sum(Tensor x);

    /**
     * {@return the sum of squares, accumulated in double (for norms and gradient clipping)}
     *
     * @param x input
     */
    double sumOfSquares(Tensor x);

    /**
     * {@code out[index] = sum(x) / divisor}, the sum accumulated in double (as {@link #sum}), the quotient rounded
     * to float32: a reduced loss that stays on the backend.
     *
     * @param out the tensor receiving the value
     * @param index where in {@code out}
     * @param x input
     * @param divisor the number of rows for a mean, 1 for a sum
     */
    void sumInto(Tensor out, int index, Tensor x, int divisor);

    /**
     * {@code out[index] = sumOfSquares(x) / divisor}, accumulated in double (as {@link #sumOfSquares}), the quotient
     * rounded to float32.
     *
     * @param out the tensor receiving the value
     * @param index where in {@code out}
     * @param x input
     * @param divisor the count for a mean, 1 for a sum
     */
    void sumOfSquaresInto(Tensor out, int index, Tensor x, int divisor);

    /**
     * {@code out[index] = } the number of rows of {@code scores} whose first maximal column equals the row's label
     * (PyTorch's {@code (scores.argmax(1) == labels).sum()}; as there, a NaN counts as the maximum).
     *
     * @param out the tensor receiving the count (exact up to 2^24)
     * @param index where in {@code out}
     * @param scores {@code (rows, cols)}
     * @param labels {@code (rows)} class indices stored as floats
     * @param rows rows
     * @param cols columns
     */
    void countCorrect(Tensor out, int index, Tensor scores, Tensor labels, int rows, int cols);

    /**
     * {@code out[r] = } the first maximal column of row r (PyTorch's {@code argmax(dim=1)}: the first NaN, if any,
     * is the maximum), stored as a float.
     *
     * @param out {@code (rows)}, overwritten
     * @param x {@code (rows, cols)}
     * @param rows rows
     * @param cols columns
     */
    void argmax(Tensor out, Tensor x, int rows, int cols);

    /**
     * PyTorch's {@code clip_grad_norm_} without a synchronization: {@code total} is the L2 norm of all gradients
     * together (squares accumulated in double, the norm rounded to float32); when {@code maxNorm / (total + 1e-6)}
     * is below 1 (or NaN), every gradient is scaled by it.
     *
     * @param totalOut receives {@code total} at {@code index}
     * @param index where in {@code totalOut}
     * @param grads the gradients, updated in place
     * @param maxNorm the largest allowed total norm, > 0
     */
    void clipGradNorm(Tensor totalOut, int index, List<Tensor> grads, float maxNorm);

    // ---- matrices ---------------------------------------------------------------------------------------------

    /**
     * {@code c = alpha * op(a) * op(b) + beta * c} with row-major matrices; {@code op(a)} is {@code (m, k)},
     * {@code op(b)} is {@code (k, n)}, {@code c} is {@code (m, n)}. With {@code beta == 0} c's old values are
     * ignored (NaN included), as in BLAS.
     *
     * @param c output {@code (m, n)}
     * @param transA read a as {@code (k, m)} and transpose it
     * @param transB read b as {@code (n, k)} and transpose it
     * @param m rows of op(a) and c
     * @param n columns of op(b) and c
     * @param k inner dimension
     * @param alpha scale of the product
     * @param a left matrix
     * @param b right matrix
     * @param beta scale of c's old value
     */
    void gemm(Tensor c, boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a, Tensor b,
              float beta);

    /**
     * {@code x[r, :] += v} for each row r (a bias broadcast over rows).
     *
     * @param x {@code (rows, cols)}, updated
     * @param v {@code (cols)}
     * @param rows rows
     * @param cols columns
     */
    void addRowVector(Tensor x, Tensor v, int rows, int cols);

    /**
     * {@code out[c] += sum over r of x[r, c]} (a bias gradient).
     *
     * @param out {@code (cols)}, accumulated
     * @param x {@code (rows, cols)}
     * @param rows rows
     * @param cols columns
     */
    void sumRows(Tensor out, Tensor x, int rows, int cols);

    // ---- convolution and pooling ------------------------------------------------------------------------------

    /**
     * 2-D convolution (cross-correlation, like PyTorch).
     *
     * @param g sizes
     * @param y output {@code (n, outC, outH, outW)}, overwritten
     * @param x input {@code (n, inC, inH, inW)}
     * @param w weight {@code (outC, inC/groups, kH, kW)}
     * @param b bias {@code (outC)} or null
     */
    void conv2dForward(Conv2dGeometry g, Tensor y, Tensor x, Tensor w, Tensor b);

    /**
     * Gradients of {@link #conv2dForward}, accumulated.
     *
     * @param g sizes
     * @param dx input gradient or null
     * @param dw weight gradient
     * @param db bias gradient or null
     * @param dy output gradient
     * @param x the forward input
     * @param w the weight
     */
    void conv2dBackward(Conv2dGeometry g, Tensor dx, Tensor dw, Tensor db, Tensor dy, Tensor x, Tensor w);

    /**
     * Max pooling; padding counts as -infinity.
     *
     * @param g sizes
     * @param y output, overwritten
     * @param x input
     */
    void maxPool2dForward(Pool2dGeometry g, Tensor y, Tensor x);

    /**
     * Routes each output gradient to the first maximal input of its window (PyTorch's choice on ties).
     *
     * @param g sizes
     * @param dx input gradient, accumulated
     * @param dy output gradient
     * @param x the forward input
     */
    void maxPool2dBackward(Pool2dGeometry g, Tensor dx, Tensor dy, Tensor x);

    /**
     * Average pooling, dividing by the full window size (padding included).
     *
     * @param g sizes
     * @param y output, overwritten
     * @param x input
     */
    void avgPool2dForward(Pool2dGeometry g, Tensor y, Tensor x);

    /**
     * Average-pooling backward: spreads each output gradient evenly over its window.
     *
     * @param g sizes
     * @param dx input gradient, accumulated
     * @param dy output gradient
     */
    void avgPool2dBackward(Pool2dGeometry g, Tensor dx, Tensor dy);

    // ---- losses -----------------------------------------------------------------------------------------------

    /**
     * Softmax cross-entropy per row, fused with its gradient (PyTorch {@code CrossEntropyLoss} with class-index
     * targets and {@code label_smoothing}): {@code losses[r] = -sum_c q_c log softmax(z_r)_c} with
     * {@code q = (1 - s) onehot(t_r) + s / classes}, and {@code dlogits[r] = softmax(z_r) - q} (unscaled; the caller
     * applies the reduction's factor).
     *
     * @param losses {@code (rows)} per-row loss, overwritten
     * @param dlogits {@code (rows, classes)} gradient, overwritten; may be null when only the loss is wanted
     * @param logits {@code (rows, classes)}
     * @param targets {@code (rows)} class indices stored as floats, each in {@code [0, classes)}
     * @param rows rows
     * @param classes classes
     * @param labelSmoothing s in [0, 1]
     */
    void softmaxCrossEntropy(Tensor losses, Tensor dlogits, Tensor logits, Tensor targets, int rows, int classes,
                             float labelSmoothing);

    // ---- optimizers -------------------------------------------------------------------------------------------

    /**
     * One SGD update with PyTorch's conventions: {@code g = grad + weightDecay * p}; with momentum,
     * {@code buf = firstStep ? g : momentum * buf + (1 - dampening) * g} and {@code g = nesterov ? g + momentum * buf
     * : buf}; then {@code p -= lr * g}.
     *
     * @param param updated in place
     * @param momentumBuffer updated in place; null when momentum is 0
     * @param grad the gradient
     * @param lr learning rate
     * @param momentum momentum factor
     * @param dampening dampening of new gradients in the buffer
     * @param weightDecay L2 penalty coefficient (coupled)
     * @param nesterov Nesterov momentum
     * @param firstStep the buffer is initialised with g
     */
    void sgdStep(Tensor param, Tensor momentumBuffer, Tensor grad, float lr, float momentum, float dampening,
                 float weightDecay, boolean nesterov, boolean firstStep);

    /**
     * One Adam/AdamW update with PyTorch's conventions: coupled decay adds {@code weightDecay * p} to the gradient;
     * decoupled decay (AdamW) first scales {@code p *= 1 - lr * weightDecay}; then {@code m = b1 m + (1 - b1) g},
     * {@code v = b2 v + (1 - b2) g^2}, {@code p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
     *
     * @param param updated in place
     * @param m first moment, updated
     * @param v second moment, updated
     * @param grad the gradient
     * @param lr learning rate
     * @param beta1 first-moment decay
     * @param beta2 second-moment decay
     * @param eps added to the denominator
     * @param weightDecay decay coefficient
     * @param decoupled AdamW (true) or Adam's L2 (false)
     * @param step the 1-based step count t
     */
    void adamStep(Tensor param, Tensor m, Tensor v, Tensor grad, float lr, float beta1, float beta2, float eps,
                  float weightDecay, boolean decoupled, int step);

    // ---- training core: binary cross-entropy ------------------------------------------------------------------

    /**
     * Binary cross-entropy on logits per element, fused with its gradient (PyTorch {@code BCEWithLogitsLoss} with
     * {@code pos_weight}), in the numerically stable form: {@code losses[i] = (1 - t) x + w (log(1 + exp(-|x|)) +
     * max(-x, 0))} with {@code w = 1 + (p - 1) t}, and {@code dlogits[i] = w sigmoid(x) - p t} (unscaled; the
     * caller applies the reduction's factor). Without a positive weight {@code p = 1}, so {@code w = 1}.
     *
     * @param losses {@code (n)} per-element loss, overwritten
     * @param dlogits {@code (n)} gradient, overwritten; may be null when only the loss is wanted
     * @param logits {@code (n)} logits x
     * @param targets {@code (n)} targets t, probabilities in [0, 1]
     * @param posWeight {@code (period)} weight p of positive examples, element i uses {@code p[i % period]} (a
     *                  weight per class along the last dimension); null for none
     * @param n elements
     * @param period length of posWeight (ignored when it is null)
     */
    void binaryCrossEntropyWithLogits(Tensor losses, Tensor dlogits, Tensor logits, Tensor targets, Tensor posWeight,
                                      int n, int period);

    // ---- normalization ----------------------------------------------------------------------------------------

    /**
     * {@return the fused normalization kernels (BatchNorm, LayerNorm, GroupNorm, InstanceNorm, RMSNorm)}
     *
     * @throws MissingKernelsException when this backend has none (the default)
     */
    default NormKernels norm() {
        throw new MissingKernelsException(NormKernels.class, "norm()", name());
    }

    // ---- regularizers -----------------------------------------------------------------------------------------

    /**
     * {@return the dropout, noise and weight-penalty kernels (used by {@code dev.nn.regularize})}
     *
     * @throws MissingKernelsException when this backend has none (the default)
     */
    default DropoutKernels dropout() {
        throw new MissingKernelsException(DropoutKernels.class, "dropout()", name());
    }
}
