package dev.nn.host.scalar;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Activation;
import dev.nn.api.backend.Conv2dGeometry;
import dev.nn.api.backend.DropoutKernels;
import dev.nn.api.backend.NormKernels;
import dev.nn.api.backend.Pool2dGeometry;
import dev.nn.api.tensor.Tensor;
import dev.nn.host.HostBackend;
import java.util.Arrays;

/**
 * The reference backend: single-threaded loops over heap {@code float[]}, float32 arithmetic where PyTorch uses
 * float32 and double accumulators for reductions. Convolution is im2col followed by GEMM, one sample at a time.
 */
public final class ScalarBackend extends HostBackend {
    /** The provider's name, used in {@code -Dnn.backend=scalar}. */
    public static final String NAME = "scalar";

    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private final NormKernels normKernels = new ScalarNormKernels();

    /** A reference backend; host backends create one to run the kernels they do not accelerate. */
    public ScalarBackend() {
        super(NAME);
    }

    @Override
    public String name() {
        return NAME;
    }

    // ---- elementwise ------------------------------------------------------------------------------------------

    @Override
    public void add(Tensor out, Tensor a, Tensor b) {
        requireSameSize(out, a);
        requireSameSize(out, b);
        float[] o = out.hostArray();
        float[] x = a.hostArray();
        float[] y = b.hostArray();
        for (int i = 0, n = out.size(); i < n; i++) {
            o[i] = x[i] + y[i];
        }
    }

    @Override
    public void mul(Tensor out, Tensor a, Tensor b) {
        requireSameSize(out, a);
        requireSameSize(out, b);
        float[] o = out.hostArray();
        float[] x = a.hostArray();
        float[] y = b.hostArray();
        for (int i = 0, n = out.size(); i < n; i++) {
            o[i] = x[i] * y[i];
        }
    }

    @Override
    public void scale(Tensor out, Tensor x, float alpha) {
        requireSameSize(out, x);
        float[] o = out.hostArray();
        float[] in = x.hostArray();
        for (int i = 0, n = out.size(); i < n; i++) {
            o[i] = alpha * in[i];
        }
    }

    @Override
    public void axpy(Tensor y, float alpha, Tensor x) {
        requireSameSize(y, x);
        float[] o = y.hostArray();
        float[] in = x.hostArray();
        for (int i = 0, n = y.size(); i < n; i++) {
            o[i] += alpha * in[i];
        }
    }

    @Override
    public void activationForward(Activation f, float param, Tensor y, Tensor x) {
        requireSameSize(y, x);
        float[] out = y.hostArray();
        float[] in = x.hostArray();
        int n = x.size();
        switch (f) {
            case IDENTITY -> System.arraycopy(in, 0, out, 0, n);
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    out[i] = in[i] > 0f ? in[i] : (Float.isNaN(in[i]) ? in[i] : 0f);
                }
            }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i++) {
                    out[i] = in[i] > 0f ? in[i] : in[i] * param;
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) Math.tanh(in[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) (1.0 / (1.0 + Math.exp(-(double) in[i])));
                }
            }
            case GELU -> {
                for (int i = 0; i < n; i++) {
                    double v = in[i];
                    out[i] = (float) (0.5 * v * (1.0 + ScalarMath.erf(v * INV_SQRT2)));
                }
            }
            case SELU -> {
                for (int i = 0; i < n; i++) {
                    double v = in[i];
                    out[i] = (float) (v > 0 ? SELU_SCALE * v : SELU_SCALE * SELU_ALPHA * Math.expm1(v));
                }
            }
        }
    }

    @Override
    public void activationBackward(Activation f, float param, Tensor dx, Tensor dy, Tensor x, Tensor y) {
        requireSameSize(dx, dy);
        float[] g = dx.hostArray();
        float[] d = dy.hostArray();
        float[] in = x.hostArray();
        float[] out = y.hostArray();
        int n = dx.size();
        switch (f) {
            case IDENTITY -> {
                for (int i = 0; i < n; i++) {
                    g[i] += d[i];
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    g[i] += in[i] > 0f ? d[i] : 0f;
                }
            }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i++) {
                    g[i] += in[i] > 0f ? d[i] : d[i] * param;
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    g[i] += d[i] * (1f - out[i] * out[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    g[i] += d[i] * out[i] * (1f - out[i]);
                }
            }
            case GELU -> {
                for (int i = 0; i < n; i++) {
                    double v = in[i];
                    double cdf = 0.5 * (1.0 + ScalarMath.erf(v * INV_SQRT2));
                    double pdf = INV_SQRT_2PI * Math.exp(-0.5 * v * v);
                    g[i] += (float) (d[i] * (cdf + v * pdf));
                }
            }
            case SELU -> {
                for (int i = 0; i < n; i++) {
                    double v = in[i];
                    g[i] += (float) (d[i] * (v > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(v)));
                }
            }
        }
    }

    // ---- reductions -------------------------------------------------------------------------------------------

    @Override
    public double sum(Tensor x) {
        float[] in = x.hostArray();
        double s = 0;
        for (int i = 0, n = x.size(); i < n; i++) {
            s += in[i];
        }
        return s;
    }

    @Override
    public double sumOfSquares(Tensor x) {
        float[] in = x.hostArray();
        double s = 0;
        for (int i = 0, n = x.size(); i < n; i++) {
            s += (double) in[i] * in[i];
        }
        return s;
    }

    // ---- matrices ---------------------------------------------------------------------------------------------

    @Override
    public void gemm(Tensor c, boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a, Tensor b,
                     float beta) {
        requireAtLeast(c, (long) m * n, "c");
        requireAtLeast(a, (long) m * k, "a");
        requireAtLeast(b, (long) k * n, "b");
        gemm(c.hostArray(), 0, transA, transB, m, n, k, alpha, a.hostArray(), 0, b.hostArray(), 0, beta);
    }

    /**
     * Row-major GEMM on arrays with offsets. For {@code op(b) = b} the inner loop runs along a row of b and c, so
     * it is contiguous; for {@code op(b) = b^T} it is a dot product of two contiguous rows.
     */
    static void gemm(float[] c, int cOff, boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, float[] b, int bOff, float beta) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * n;
            if (beta == 0f) {
                Arrays.fill(c, row, row + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
            if (!transB) {
                for (int p = 0; p < k; p++) {
                    float aip = alpha * (transA ? a[aOff + p * m + i] : a[aOff + i * k + p]);
                    int bRow = bOff + p * n;
                    for (int j = 0; j < n; j++) {
                        c[row + j] += aip * b[bRow + j];
                    }
                }
            } else {
                for (int j = 0; j < n; j++) {
                    int bRow = bOff + j * k;
                    float s = 0f;
                    if (transA) {
                        for (int p = 0; p < k; p++) {
                            s += a[aOff + p * m + i] * b[bRow + p];
                        }
                    } else {
                        int aRow = aOff + i * k;
                        for (int p = 0; p < k; p++) {
                            s += a[aRow + p] * b[bRow + p];
                        }
                    }
                    c[row + j] += alpha * s;
                }
            }
        }
    }

    @Override
    public void addRowVector(Tensor x, Tensor v, int rows, int cols) {
        requireAtLeast(x, (long) rows * cols, "x");
        requireAtLeast(v, cols, "v");
        float[] out = x.hostArray();
        float[] vec = v.hostArray();
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int j = 0; j < cols; j++) {
                out[row + j] += vec[j];
            }
        }
    }

    @Override
    public void sumRows(Tensor out, Tensor x, int rows, int cols) {
        requireAtLeast(x, (long) rows * cols, "x");
        requireAtLeast(out, cols, "out");
        float[] o = out.hostArray();
        float[] in = x.hostArray();
        double[] acc = new double[cols];
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int j = 0; j < cols; j++) {
                acc[j] += in[row + j];
            }
        }
        for (int j = 0; j < cols; j++) {
            o[j] += (float) acc[j];
        }
    }

    // ---- convolution ------------------------------------------------------------------------------------------

    @Override
    public void conv2dForward(Conv2dGeometry g, Tensor y, Tensor x, Tensor w, Tensor b) {
        requireConv(g, y, x, w);
        float[] out = y.hostArray();
        float[] in = x.hostArray();
        float[] weight = w.hostArray();
        int cinG = g.inChannels() / g.groups();
        int coutG = g.outChannels() / g.groups();
        int patch = cinG * g.kernelH() * g.kernelW();
        int spatial = g.outH() * g.outW();
        float[] col = new float[patch * spatial];
        for (int n = 0; n < g.n(); n++) {
            for (int grp = 0; grp < g.groups(); grp++) {
                int inOff = (n * g.inChannels() + grp * cinG) * g.inH() * g.inW();
                im2col(g, cinG, in, inOff, col);
                int outOff = (n * g.outChannels() + grp * coutG) * spatial;
                // y_g (coutG, spatial) = W_g (coutG, patch) x col (patch, spatial)
                gemm(out, outOff, false, false, coutG, spatial, patch, 1f, weight, grp * coutG * patch, col, 0, 0f);
            }
            if (b != null) {
                float[] bias = b.hostArray();
                for (int oc = 0; oc < g.outChannels(); oc++) {
                    int off = (n * g.outChannels() + oc) * spatial;
                    for (int s = 0; s < spatial; s++) {
                        out[off + s] += bias[oc];
                    }
                }
            }
        }
    }

    @Override
    public void conv2dBackward(Conv2dGeometry g, Tensor dx, Tensor dw, Tensor db, Tensor dy, Tensor x, Tensor w) {
        requireConv(g, dy, x, w);
        float[] gradOut = dy.hostArray();
        float[] in = x.hostArray();
        float[] weight = w.hostArray();
        float[] gradW = dw.hostArray();
        int cinG = g.inChannels() / g.groups();
        int coutG = g.outChannels() / g.groups();
        int patch = cinG * g.kernelH() * g.kernelW();
        int spatial = g.outH() * g.outW();
        float[] col = new float[patch * spatial];
        float[] dcol = dx == null ? null : new float[patch * spatial];
        for (int n = 0; n < g.n(); n++) {
            for (int grp = 0; grp < g.groups(); grp++) {
                int inOff = (n * g.inChannels() + grp * cinG) * g.inH() * g.inW();
                int outOff = (n * g.outChannels() + grp * coutG) * spatial;
                im2col(g, cinG, in, inOff, col);
                // dW_g (coutG, patch) += dy_g (coutG, spatial) x col^T (spatial, patch)
                gemm(gradW, grp * coutG * patch, false, true, coutG, patch, spatial, 1f, gradOut, outOff, col, 0, 1f);
                if (dcol != null) {
                    // dcol (patch, spatial) = W_g^T (patch, coutG) x dy_g (coutG, spatial)
                    gemm(dcol, 0, true, false, patch, spatial, coutG, 1f, weight, grp * coutG * patch, gradOut,
                            outOff, 0f);
                    col2im(g, cinG, dcol, dx.hostArray(), inOff);
                }
            }
            if (db != null) {
                float[] gradB = db.hostArray();
                for (int oc = 0; oc < g.outChannels(); oc++) {
                    int off = (n * g.outChannels() + oc) * spatial;
                    double s = 0;
                    for (int i = 0; i < spatial; i++) {
                        s += gradOut[off + i];
                    }
                    gradB[oc] += (float) s;
                }
            }
        }
    }

    /** col (cin*kH*kW, outH*outW) of one sample's group: each column is one receptive field, zero where padded. */
    private static void im2col(Conv2dGeometry g, int cin, float[] in, int inOff, float[] col) {
        int outH = g.outH();
        int outW = g.outW();
        int r = 0;
        for (int c = 0; c < cin; c++) {
            for (int kh = 0; kh < g.kernelH(); kh++) {
                for (int kw = 0; kw < g.kernelW(); kw++, r++) {
                    int rowOff = r * outH * outW;
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * g.strideH() - g.padH() + kh * g.dilationH();
                        for (int ow = 0; ow < outW; ow++) {
                            int iw = ow * g.strideW() - g.padW() + kw * g.dilationW();
                            boolean inside = ih >= 0 && ih < g.inH() && iw >= 0 && iw < g.inW();
                            col[rowOff + oh * outW + ow] =
                                    inside ? in[inOff + (c * g.inH() + ih) * g.inW() + iw] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: adds each column entry back to the input position it was read from. */
    private static void col2im(Conv2dGeometry g, int cin, float[] col, float[] dx, int inOff) {
        int outH = g.outH();
        int outW = g.outW();
        int r = 0;
        for (int c = 0; c < cin; c++) {
            for (int kh = 0; kh < g.kernelH(); kh++) {
                for (int kw = 0; kw < g.kernelW(); kw++, r++) {
                    int rowOff = r * outH * outW;
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * g.strideH() - g.padH() + kh * g.dilationH();
                        if (ih < 0 || ih >= g.inH()) {
                            continue;
                        }
                        for (int ow = 0; ow < outW; ow++) {
                            int iw = ow * g.strideW() - g.padW() + kw * g.dilationW();
                            if (iw >= 0 && iw < g.inW()) {
                                dx[inOff + (c * g.inH() + ih) * g.inW() + iw] += col[rowOff + oh * outW + ow];
                            }
                        }
                    }
                }
            }
        }
    }

    // ---- pooling ----------------------------------------------------------------------------------------------

    @Override
    public void maxPool2dForward(Pool2dGeometry g, Tensor y, Tensor x) {
        requirePool(g, y, x);
        float[] out = y.hostArray();
        float[] in = x.hostArray();
        int planes = g.n() * g.channels();
        for (int p = 0; p < planes; p++) {
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++) {
                    int arg = argmax(g, in, p, oh, ow);
                    out[(p * g.outH() + oh) * g.outW() + ow] = arg < 0 ? Float.NEGATIVE_INFINITY : in[arg];
                }
            }
        }
    }

    @Override
    public void maxPool2dBackward(Pool2dGeometry g, Tensor dx, Tensor dy, Tensor x) {
        requirePool(g, dy, x);
        float[] grad = dx.hostArray();
        float[] gradOut = dy.hostArray();
        float[] in = x.hostArray();
        int planes = g.n() * g.channels();
        for (int p = 0; p < planes; p++) {
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++) {
                    int arg = argmax(g, in, p, oh, ow);
                    if (arg >= 0) {
                        grad[arg] += gradOut[(p * g.outH() + oh) * g.outW() + ow];
                    }
                }
            }
        }
    }

    /** Index of the first maximum of a window (NaN wins, as in PyTorch), or -1 when the window is all padding. */
    private static int argmax(Pool2dGeometry g, float[] in, int plane, int oh, int ow) {
        int best = -1;
        float max = Float.NEGATIVE_INFINITY;
        int h0 = oh * g.strideH() - g.padH();
        int w0 = ow * g.strideW() - g.padW();
        for (int ih = Math.max(h0, 0); ih < Math.min(h0 + g.kernelH(), g.inH()); ih++) {
            for (int iw = Math.max(w0, 0); iw < Math.min(w0 + g.kernelW(), g.inW()); iw++) {
                int idx = (plane * g.inH() + ih) * g.inW() + iw;
                float v = in[idx];
                if (best < 0 || v > max || Float.isNaN(v)) {
                    best = idx;
                    max = v;
                    if (Float.isNaN(v)) {
                        return best;
                    }
                }
            }
        }
        return best;
    }

    @Override
    public void avgPool2dForward(Pool2dGeometry g, Tensor y, Tensor x) {
        requirePool(g, y, x);
        float[] out = y.hostArray();
        float[] in = x.hostArray();
        float divisor = g.kernelH() * g.kernelW();
        int planes = g.n() * g.channels();
        for (int p = 0; p < planes; p++) {
            for (int oh = 0; oh < g.outH(); oh++) {
                int h0 = oh * g.strideH() - g.padH();
                for (int ow = 0; ow < g.outW(); ow++) {
                    int w0 = ow * g.strideW() - g.padW();
                    float s = 0f;
                    for (int ih = Math.max(h0, 0); ih < Math.min(h0 + g.kernelH(), g.inH()); ih++) {
                        for (int iw = Math.max(w0, 0); iw < Math.min(w0 + g.kernelW(), g.inW()); iw++) {
                            s += in[(p * g.inH() + ih) * g.inW() + iw];
                        }
                    }
                    out[(p * g.outH() + oh) * g.outW() + ow] = s / divisor;
                }
            }
        }
    }

    @Override
    public void avgPool2dBackward(Pool2dGeometry g, Tensor dx, Tensor dy) {
        requirePool(g, dy, dx);
        float[] grad = dx.hostArray();
        float[] gradOut = dy.hostArray();
        float divisor = g.kernelH() * g.kernelW();
        int planes = g.n() * g.channels();
        for (int p = 0; p < planes; p++) {
            for (int oh = 0; oh < g.outH(); oh++) {
                int h0 = oh * g.strideH() - g.padH();
                for (int ow = 0; ow < g.outW(); ow++) {
                    int w0 = ow * g.strideW() - g.padW();
                    float share = gradOut[(p * g.outH() + oh) * g.outW() + ow] / divisor;
                    for (int ih = Math.max(h0, 0); ih < Math.min(h0 + g.kernelH(), g.inH()); ih++) {
                        for (int iw = Math.max(w0, 0); iw < Math.min(w0 + g.kernelW(), g.inW()); iw++) {
                            grad[(p * g.inH() + ih) * g.inW() + iw] += share;
                        }
                    }
                }
            }
        }
    }

    // ---- losses -----------------------------------------------------------------------------------------------

    @Override
    public void softmaxCrossEntropy(Tensor losses, Tensor dlogits, Tensor logits, Tensor targets, int rows,
                                    int classes, float labelSmoothing) {
        requireAtLeast(logits, (long) rows * classes, "logits");
        requireAtLeast(targets, rows, "targets");
        requireAtLeast(losses, rows, "losses");
        float[] z = logits.hostArray();
        float[] t = targets.hostArray();
        float[] loss = losses.hostArray();
        float[] grad = dlogits == null ? null : dlogits.hostArray();
        checkTargets(t, rows, classes);
        double offTarget = labelSmoothing / (double) classes;
        for (int r = 0; r < rows; r++) {
            int off = r * classes;
            int target = (int) t[r];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, z[off + c]);
            }
            double sumExp = 0;
            for (int c = 0; c < classes; c++) {
                sumExp += Math.exp(z[off + c] - max);
            }
            double logSumExp = max + Math.log(sumExp);
            double l = 0;
            for (int c = 0; c < classes; c++) {
                double q = offTarget + (c == target ? 1.0 - labelSmoothing : 0.0);
                l -= q * (z[off + c] - logSumExp);
                if (grad != null) {
                    grad[off + c] = (float) (Math.exp(z[off + c] - logSumExp) - q);
                }
            }
            loss[r] = (float) l;
        }
    }

    /** The kernel reads the targets anyway, so it checks them: a class index out of range is an error, not garbage. */
    private static void checkTargets(float[] targets, int rows, int classes) {
        for (int i = 0; i < rows; i++) {
            float t = targets[i];
            if (!(t >= 0 && t < classes) || t != Math.rint(t)) {
                throw new IllegalArgumentException("Target " + t + " at row " + i + " is not a class index in [0, "
                        + classes + "); labels must be integers 0.." + (classes - 1)
                        + " (remap them, or give the model more outputs)");
            }
        }
    }

    // ---- optimizers -------------------------------------------------------------------------------------------

    @Override
    public void sgdStep(Tensor param, Tensor momentumBuffer, Tensor grad, float lr, float momentum, float dampening,
                        float weightDecay, boolean nesterov, boolean firstStep) {
        requireSameSize(param, grad);
        float[] p = param.hostArray();
        float[] g = grad.hostArray();
        float[] buf = momentumBuffer == null ? null : momentumBuffer.hostArray();
        for (int i = 0, n = param.size(); i < n; i++) {
            float d = weightDecay != 0f ? g[i] + weightDecay * p[i] : g[i];
            if (momentum != 0f) {
                buf[i] = firstStep ? d : buf[i] * momentum + (1f - dampening) * d;
                d = nesterov ? d + momentum * buf[i] : buf[i];
            }
            p[i] += -lr * d;
        }
    }

    @Override
    public void adamStep(Tensor param, Tensor m, Tensor v, Tensor grad, float lr, float beta1, float beta2,
                         float eps, float weightDecay, boolean decoupled, int step) {
        requireSameSize(param, grad);
        float[] p = param.hostArray();
        float[] g = grad.hostArray();
        float[] m1 = m.hostArray();
        float[] m2 = v.hostArray();
        // PyTorch computes the bias corrections in double and applies them as float scalars.
        float stepSize = (float) (lr / (1.0 - Math.pow(beta1, step)));
        float correction2Sqrt = (float) Math.sqrt(1.0 - Math.pow(beta2, step));
        float decay = decoupled ? 1f - lr * weightDecay : 1f;
        for (int i = 0, n = param.size(); i < n; i++) {
            float d = g[i];
            if (decoupled) {
                p[i] *= decay;
            } else if (weightDecay != 0f) {
                d += weightDecay * p[i];
            }
            m1[i] = m1[i] * beta1 + (1f - beta1) * d;
            m2[i] = m2[i] * beta2 + (1f - beta2) * d * d;
            float denom = (float) Math.sqrt(m2[i]) / correction2Sqrt + eps;
            p[i] += -stepSize * (m1[i] / denom);
        }
    }

    // ---- training core: binary cross-entropy ------------------------------------------------------------------

    @Override
    public void binaryCrossEntropyWithLogits(Tensor losses, Tensor dlogits, Tensor logits, Tensor targets,
                                             Tensor posWeight, int n, int period) {
        requireAtLeast(logits, n, "logits");
        requireAtLeast(targets, n, "targets");
        requireAtLeast(losses, n, "losses");
        if (posWeight != null) {
            requireAtLeast(posWeight, period, "posWeight");
        }
        float[] x = logits.hostArray();
        float[] t = targets.hostArray();
        float[] loss = losses.hostArray();
        float[] grad = dlogits == null ? null : dlogits.hostArray();
        float[] pw = posWeight == null ? null : posWeight.hostArray();
        for (int i = 0; i < n; i++) {
            double v = x[i];
            double target = t[i];
            double p = pw == null ? 1.0 : pw[i % period];
            double w = 1.0 + (p - 1.0) * target;
            // log(1 + exp(-|x|)) never overflows; max(-x, 0) restores log(1 + exp(-x)) for either sign of x
            double softplusNeg = Math.log1p(Math.exp(-Math.abs(v))) + Math.max(-v, 0.0);
            loss[i] = (float) ((1.0 - target) * v + w * softplusNeg);
            if (grad != null) {
                grad[i] = (float) (w * sigmoid(v) - p * target);
            }
        }
    }

    /** The logistic function without overflow: exp is only taken of a non-positive number. */
    private static double sigmoid(double v) {
        if (v >= 0) {
            return 1.0 / (1.0 + Math.exp(-v));
        }
        double e = Math.exp(v);
        return e / (1.0 + e);
    }

    // ---- checks (kernels trust their callers, but a wrong-size tensor would corrupt memory silently) -----------

    private static void requireAtLeast(Tensor t, long n, String what) {
        if (t.size() < n) {
            throw new ShapeException("Tensor '" + what + "' " + t.shape() + " holds " + t.size()
                    + " values; the kernel needs " + n);
        }
    }

    private static void requireConv(Conv2dGeometry g, Tensor y, Tensor x, Tensor w) {
        requireAtLeast(x, (long) g.n() * g.inChannels() * g.inH() * g.inW(), "x");
        requireAtLeast(y, (long) g.n() * g.outChannels() * g.outH() * g.outW(), "y");
        requireAtLeast(w, (long) g.outChannels() * (g.inChannels() / g.groups()) * g.kernelH() * g.kernelW(), "w");
    }

    private static void requirePool(Pool2dGeometry g, Tensor y, Tensor x) {
        requireAtLeast(x, (long) g.n() * g.channels() * g.inH() * g.inW(), "x");
        requireAtLeast(y, (long) g.n() * g.channels() * g.outH() * g.outW(), "y");
    }

    // ---- normalization ----------------------------------------------------------------------------------------

    @Override
    public NormKernels norm() {
        return normKernels;
    }

    // ---- regularizers -----------------------------------------------------------------------------------------

    private final ScalarDropoutKernels dropout = new ScalarDropoutKernels();

    @Override
    public DropoutKernels dropout() {
        return dropout;
    }
}
