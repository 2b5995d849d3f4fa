package dev.nn.cpu.simd;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Activation;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.backend.Conv2dGeometry;
import dev.nn.api.backend.DropoutKernels;
import dev.nn.api.backend.NormKernels;
import dev.nn.api.backend.Pool2dGeometry;
import dev.nn.api.tensor.HostStorage;
import dev.nn.api.tensor.Tensor;
import dev.nn.host.HostBackend;
import dev.nn.host.scalar.ScalarBackend;

/**
 * The {@code cpu-simd} backend: heap tensors (the same {@link HostStorage} as the scalar backend, so tensors pass
 * between the two without a copy), Vector API kernels for GEMM, convolution, elementwise operations, cheap
 * activations, reductions, optimizer steps, every normalization layout, dropout (Philox on vectors) and the
 * regularizers' noise and penalties, max pooling split over threads, and the scalar twins for the rest
 * (transcendental activations, average pooling, losses). Multi-threaded kernels split their output into parts fixed
 * independently of the thread count, so results are identical for any {@link BackendConfig#threads()}.
 */
final class SimdBackend extends HostBackend {
    private final Backend scalar;
    private final Parallel parallel;
    private final NormKernels norm;
    private final DropoutKernels dropout;

    SimdBackend(BackendConfig config) {
        super(SimdBackendProvider.NAME);
        this.scalar = new ScalarBackend();
        this.parallel = new Parallel(config.threads());
        this.norm = new SimdNormKernels(scalar.norm(), parallel);
        this.dropout = new SimdDropoutKernels(parallel);
    }

    @Override
    public String name() {
        return SimdBackendProvider.NAME;
    }

    @Override
    protected void closeResources() {
        parallel.shutdown();
        scalar.close();
    }

    @Override
    public int threads() {
        return parallel.threads();
    }

    // ---- elementwise ------------------------------------------------------------------------------------------

    @Override
    public void add(Tensor out, Tensor a, Tensor b) {
        requireSameSize(out, a);
        requireSameSize(out, b);
        float[] o = out.hostArray();
        float[] x = a.hostArray();
        float[] y = b.hostArray();
        Lanes.ranges(parallel, out.size(), (from, to) -> Elementwise.add(from, to, o, x, y));
    }

    @Override
    public void mul(Tensor out, Tensor a, Tensor b) {
        requireSameSize(out, a);
        requireSameSize(out, b);
        float[] o = out.hostArray();
        float[] x = a.hostArray();
        float[] y = b.hostArray();
        Lanes.ranges(parallel, out.size(), (from, to) -> Elementwise.mul(from, to, o, x, y));
    }

    @Override
    public void scale(Tensor out, Tensor x, float alpha) {
        requireSameSize(out, x);
        float[] o = out.hostArray();
        float[] in = x.hostArray();
        Lanes.ranges(parallel, out.size(), (from, to) -> Elementwise.scale(from, to, o, in, alpha));
    }

    @Override
    public void axpy(Tensor y, float alpha, Tensor x) {
        requireSameSize(y, x);
        float[] in = x.hostArray();
        float[] out = y.hostArray();
        Lanes.ranges(parallel, y.size(), (from, to) -> Elementwise.axpy(from, to, alpha, in, out));
    }

    @Override
    public void activationForward(Activation f, float param, Tensor y, Tensor x) {
        requireSameSize(y, x);
        float[] out = y.hostArray();
        float[] in = x.hostArray();
        switch (f) {
            case IDENTITY -> System.arraycopy(in, 0, out, 0, x.size());
            case RELU -> Lanes.ranges(parallel, x.size(), (from, to) -> Elementwise.relu(from, to, out, in));
            case LEAKY_RELU -> Lanes.ranges(parallel, x.size(),
                    (from, to) -> Elementwise.leakyRelu(from, to, param, out, in));
            // transcendental: the twin's double-precision functions keep results PyTorch-exact
            case TANH, SIGMOID, GELU, SELU -> scalar.activationForward(f, param, y, x);
        }
    }

    @Override
    public void activationBackward(Activation f, float param, Tensor dx, Tensor dy, Tensor x, Tensor y) {
        requireSameSize(dx, dy);
        int n = dx.size();
        float[] gx = dx.hostArray();
        float[] gy = dy.hostArray();
        switch (f) {
            case IDENTITY -> Elementwise.addInto(n, gy, 0, gx, 0);
            case RELU, LEAKY_RELU -> {
                float slope = f == Activation.RELU ? 0f : param;
                float[] in = x.hostArray();
                Lanes.ranges(parallel, n, (from, to) -> Elementwise.leakyReluBackward(from, to, slope, gx, gy, in));
            }
            case TANH -> {
                float[] out = y.hostArray();
                Lanes.ranges(parallel, n, (from, to) -> Elementwise.tanhBackward(from, to, gx, gy, out));
            }
            case SIGMOID -> {
                float[] out = y.hostArray();
                Lanes.ranges(parallel, n, (from, to) -> Elementwise.sigmoidBackward(from, to, gx, gy, out));
            }
            case GELU, SELU -> scalar.activationBackward(f, param, dx, dy, x, y);
        }
    }

    // ---- reductions -------------------------------------------------------------------------------------------

    @Override
    public double sum(Tensor x) {
        return Reductions.sum(x.hostArray(), 0, x.size());
    }

    @Override
    public double sumOfSquares(Tensor x) {
        return Reductions.sumOfSquares(x.hostArray(), x.size());
    }

    // ---- matrices ---------------------------------------------------------------------------------------------

    @Override
    public void gemm(Tensor c, boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a, Tensor b,
                     float beta) {
        if (m < 0 || n < 0 || k < 0) {
            throw new ShapeException("gemm sizes must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        }
        requireAtLeast(c, (long) m * n, "c");
        requireAtLeast(a, (long) m * k, "a");
        requireAtLeast(b, (long) k * n, "b");
        // op(A)(i, p) = a[i aRs + p aCs]: a is (k, m) when transposed, (m, k) otherwise; likewise b
        int aRs = transA ? 1 : k;
        int aCs = transA ? m : 1;
        int bRs = transB ? 1 : n;
        int bCs = transB ? k : 1;
        Gemm.gemm(parallel, m, n, k, alpha, a.hostArray(), 0, aRs, aCs, b.hostArray(), 0, bRs, bCs, beta,
                c.hostArray(), 0, n);
    }

    @Override
    public void addRowVector(Tensor x, Tensor v, int rows, int cols) {
        requireAtLeast(x, (long) rows * cols, "x");
        requireAtLeast(v, cols, "v");
        Elementwise.addRowVector(x.hostArray(), v.hostArray(), rows, cols);
    }

    @Override
    public void sumRows(Tensor out, Tensor x, int rows, int cols) {
        requireAtLeast(x, (long) rows * cols, "x");
        requireAtLeast(out, cols, "out");
        Reductions.sumRows(out.hostArray(), x.hostArray(), rows, cols);
    }

    // ---- convolution and pooling ------------------------------------------------------------------------------

    @Override
    public void conv2dForward(Conv2dGeometry g, Tensor y, Tensor x, Tensor w, Tensor b) {
        requireConv(g, y, x, w);
        if (b != null) {
            requireAtLeast(b, g.outChannels(), "b");
        }
        Conv.forward(parallel, g, y.hostArray(), x.hostArray(), w.hostArray(), b == null ? null : b.hostArray());
    }

    @Override
    public void conv2dBackward(Conv2dGeometry g, Tensor dx, Tensor dw, Tensor db, Tensor dy, Tensor x, Tensor w) {
        requireConv(g, dy, x, w);
        requireAtLeast(dw, w.size(), "dw");
        if (dx != null) {
            requireAtLeast(dx, x.size(), "dx");
        }
        if (db != null) {
            requireAtLeast(db, g.outChannels(), "db");
        }
        Conv.backward(parallel, g, dx == null ? null : dx.hostArray(), dw.hostArray(),
                db == null ? null : db.hostArray(), dy.hostArray(), x.hostArray(), w.hostArray());
    }

    @Override
    public void maxPool2dForward(Pool2dGeometry g, Tensor y, Tensor x) {
        requirePool(g, y, x);
        Pooling.maxForward(parallel, g, y.hostArray(), x.hostArray());
    }

    @Override
    public void maxPool2dBackward(Pool2dGeometry g, Tensor dx, Tensor dy, Tensor x) {
        requirePool(g, dy, x);
        requirePool(g, dy, dx);
        Pooling.maxBackward(parallel, g, dx.hostArray(), dy.hostArray(), x.hostArray());
    }

    @Override
    public void avgPool2dForward(Pool2dGeometry g, Tensor y, Tensor x) {
        scalar.avgPool2dForward(g, y, x);
    }

    @Override
    public void avgPool2dBackward(Pool2dGeometry g, Tensor dx, Tensor dy) {
        scalar.avgPool2dBackward(g, dx, dy);
    }

    // ---- losses -----------------------------------------------------------------------------------------------

    @Override
    public void softmaxCrossEntropy(Tensor losses, Tensor dlogits, Tensor logits, Tensor targets, int rows,
                                    int classes, float labelSmoothing) {
        scalar.softmaxCrossEntropy(losses, dlogits, logits, targets, rows, classes, labelSmoothing);
    }

    @Override
    public void binaryCrossEntropyWithLogits(Tensor losses, Tensor dlogits, Tensor logits, Tensor targets,
                                             Tensor posWeight, int n, int period) {
        scalar.binaryCrossEntropyWithLogits(losses, dlogits, logits, targets, posWeight, n, period);
    }

    // ---- optimizers -------------------------------------------------------------------------------------------

    @Override
    public void sgdStep(Tensor param, Tensor momentumBuffer, Tensor grad, float lr, float momentum, float dampening,
                        float weightDecay, boolean nesterov, boolean firstStep) {
        requireSameSize(param, grad);
        if (momentum != 0f) {
            if (momentumBuffer == null) {
                throw new IllegalArgumentException("sgdStep with momentum " + momentum
                        + " needs a momentum buffer of the parameter's size; pass one (null only when momentum is 0)");
            }
            requireSameSize(param, momentumBuffer);
        }
        float[] p = param.hostArray();
        float[] buf = momentumBuffer == null ? null : momentumBuffer.hostArray();
        float[] g = grad.hostArray();
        Lanes.ranges(parallel, param.size(), (from, to) -> Optimizers.sgd(from, to, p, buf, g, lr, momentum,
                dampening, weightDecay, nesterov, firstStep));
    }

    @Override
    public void adamStep(Tensor param, Tensor m, Tensor v, Tensor grad, float lr, float beta1, float beta2,
                         float eps, float weightDecay, boolean decoupled, int step) {
        requireSameSize(param, grad);
        requireSameSize(param, m);
        requireSameSize(param, v);
        float[] p = param.hostArray();
        float[] m1 = m.hostArray();
        float[] m2 = v.hostArray();
        float[] g = grad.hostArray();
        Lanes.ranges(parallel, param.size(), (from, to) -> Optimizers.adam(from, to, p, m1, m2, g, lr, beta1, beta2,
                eps, weightDecay, decoupled, step));
    }

    // ---- normalization ----------------------------------------------------------------------------------------

    @Override
    public NormKernels norm() {
        return norm;
    }

    // ---- regularizers -----------------------------------------------------------------------------------------

    /** Vector Philox fused with the masking pass: the same masks as the scalar twins for a seed, for any threads. */
    @Override
    public DropoutKernels dropout() {
        return dropout;
    }

    // ---- checks (kernels trust their callers, but a wrong-size tensor would corrupt results silently) ----------

    private static void requireAtLeast(Tensor t, long n, String what) {
        if (t.size() < n) {
            throw new ShapeException("Tensor '" + what + "' " + t.shape() + " holds " + t.size()
                    + " values; the kernel needs " + n);
        }
    }

    private static void requirePool(Pool2dGeometry g, Tensor y, Tensor x) {
        requireAtLeast(x, (long) g.n() * g.channels() * g.inH() * g.inW(), "x");
        requireAtLeast(y, (long) g.n() * g.channels() * g.outH() * g.outW(), "y");
    }

    private static void requireConv(Conv2dGeometry g, Tensor y, Tensor x, Tensor w) {
        requireAtLeast(x, (long) g.n() * g.inChannels() * g.inH() * g.inW(), "x");
        requireAtLeast(y, (long) g.n() * g.outChannels() * g.outH() * g.outW(), "y");
        requireAtLeast(w, (long) g.outChannels() * (g.inChannels() / g.groups()) * g.kernelH() * g.kernelW(), "w");
    }
}
