package dev.nn.tck;

import dev.nn.api.backend.Activation;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Conv2dGeometry;
import dev.nn.api.backend.DropoutKernels;
import dev.nn.api.backend.MissingKernelsException;
import dev.nn.api.backend.NoiseKey;
import dev.nn.api.backend.NormKernels;
import dev.nn.api.backend.Pool2dGeometry;
import dev.nn.api.tensor.Tensor;
import dev.nn.host.HostBackend;
import dev.nn.host.scalar.ScalarBackend;

/**
 * A host backend that runs the scalar kernels on its own memory, with at most one deliberate fault: the kit must
 * pass it without a fault and catch each fault.
 */
final class FaultyBackend extends HostBackend {
    /** The deliberate faults. */
    enum Fault {
        /** None: an honest backend. */
        NONE,
        /** GEMM's last value is off by a relative 1e-4. */
        GEMM_OFF,
        /** GEMM's first value moves by one ulp when the backend has more than one thread. */
        GEMM_DEPENDS_ON_THREADS,
        /** sum() adds a tiny amount that grows with every call. */
        SUM_DIFFERS_BETWEEN_RUNS,
        /** sum() accumulates in float32. */
        SUM_IN_FLOAT,
        /** argmax takes the last maximal column. */
        ARGMAX_TAKES_THE_LAST,
        /** tanh's derivative is 1 - y instead of 1 - y^2: known answers and finite differences must see it. */
        TANH_DERIVATIVE_WRONG,
        /** activation backward overwrites dx instead of adding to it. */
        BACKWARD_OVERWRITES,
        /** dropout draws from the next step's stream. */
        DROPOUT_WRONG_STREAM,
        /** the backend has no normalization kernels. */
        NO_NORM_KERNELS
    }

    private final Backend scalar = new ScalarBackend();
    private final Fault fault;
    private final int threads;
    private long sums;

    FaultyBackend(Fault fault, int threads) {
        super("faulty");
        this.fault = fault;
        this.threads = threads;
    }

    @Override
    public String name() {
        return "faulty";
    }

    @Override
    protected void closeResources() {
        scalar.close();
    }

    @Override
    public void add(Tensor out, Tensor a, Tensor b) {
        scalar.add(out, a, b);
    }

    @Override
    public void mul(Tensor out, Tensor a, Tensor b) {
        scalar.mul(out, a, b);
    }

    @Override
    public void scale(Tensor out, Tensor x, float alpha) {
        scalar.scale(out, x, alpha);
    }

    @Override
    public void axpy(Tensor y, float alpha, Tensor x) {
        scalar.axpy(y, alpha, x);
    }

    @Override
    public void activationForward(Activation f, float param, Tensor y, Tensor x) {
        scalar.activationForward(f, param, y, x);
    }

    @Override
    public void activationBackward(Activation f, float param, Tensor dx, Tensor dy, Tensor x, Tensor y) {
        if (fault == Fault.BACKWARD_OVERWRITES) {
            fill(dx, 0f);
        }
        if (fault == Fault.TANH_DERIVATIVE_WRONG && f == Activation.TANH) {
            float[] g = dx.hostArray();
            float[] d = dy.hostArray();
            float[] out = y.hostArray();
            for (int i = 0; i < dx.size(); i++) {
                g[i] += d[i] * (1f - out[i]);
            }
            return;
        }
        scalar.activationBackward(f, param, dx, dy, x, y);
    }

    @Override
    public double sum(Tensor x) {
        if (fault == Fault.SUM_IN_FLOAT) {
            float s = 0f;
            for (float v : read(x)) {
                s += v;
            }
            return s;
        }
        double s = scalar.sum(x);
        return fault == Fault.SUM_DIFFERS_BETWEEN_RUNS ? s + 1e-9 * ++sums : s;
    }

    @Override
    public double sumOfSquares(Tensor x) {
        return scalar.sumOfSquares(x);
    }

    @Override
    public void argmax(Tensor out, Tensor x, int rows, int cols) {
        if (fault != Fault.ARGMAX_TAKES_THE_LAST) {
            super.argmax(out, x, rows, cols);
            return;
        }
        float[] v = x.hostArray();
        float[] o = out.hostArray();
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < cols; c++) {
                if (v[r * cols + c] >= v[r * cols + best]) {
                    best = c;
                }
            }
            o[r] = best;
        }
    }

    @Override
    public void gemm(Tensor c, boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a, Tensor b,
                     float beta) {
        scalar.gemm(c, transA, transB, m, n, k, alpha, a, b, beta);
        float[] v = c.hostArray();
        if (fault == Fault.GEMM_OFF) {
            int last = m * n - 1;
            v[last] += 1e-4f * (Math.abs(v[last]) + 1f);
        } else if (fault == Fault.GEMM_DEPENDS_ON_THREADS && threads > 1) {
            v[0] = Math.nextUp(v[0]);
        }
    }

    @Override
    public void addRowVector(Tensor x, Tensor v, int rows, int cols) {
        scalar.addRowVector(x, v, rows, cols);
    }

    @Override
    public void sumRows(Tensor out, Tensor x, int rows, int cols) {
        scalar.sumRows(out, x, rows, cols);
    }

    @Override
    public void conv2dForward(Conv2dGeometry g, Tensor y, Tensor x, Tensor w, Tensor b) {
        scalar.conv2dForward(g, y, x, w, b);
    }

    @Override
    public void conv2dBackward(Conv2dGeometry g, Tensor dx, Tensor dw, Tensor db, Tensor dy, Tensor x, Tensor w) {
        scalar.conv2dBackward(g, dx, dw, db, dy, x, w);
    }

    @Override
    public void maxPool2dForward(Pool2dGeometry g, Tensor y, Tensor x) {
        scalar.maxPool2dForward(g, y, x);
    }

    @Override
    public void maxPool2dBackward(Pool2dGeometry g, Tensor dx, Tensor dy, Tensor x) {
        scalar.maxPool2dBackward(g, dx, dy, x);
    }

    @Override
    public void avgPool2dForward(Pool2dGeometry g, Tensor y, Tensor x) {
        scalar.avgPool2dForward(g, y, x);
    }

    @Override
    public void avgPool2dBackward(Pool2dGeometry g, Tensor dx, Tensor dy) {
        scalar.avgPool2dBackward(g, dx, dy);
    }

    @Override
    public void softmaxCrossEntropy(Tensor losses, Tensor dlogits, Tensor logits, Tensor targets, int rows,
                                    int classes, float labelSmoothing) {
        scalar.softmaxCrossEntropy(losses, dlogits, logits, targets, rows, classes, labelSmoothing);
    }

    @Override
    public void sgdStep(Tensor param, Tensor momentumBuffer, Tensor grad, float lr, float momentum, float dampening,
                        float weightDecay, boolean nesterov, boolean firstStep) {
        scalar.sgdStep(param, momentumBuffer, grad, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }

    @Override
    public void adamStep(Tensor param, Tensor m, Tensor v, Tensor grad, float lr, float beta1, float beta2,
                         float eps, float weightDecay, boolean decoupled, int step) {
        scalar.adamStep(param, m, v, grad, lr, beta1, beta2, eps, weightDecay, decoupled, step);
    }

    @Override
    public void binaryCrossEntropyWithLogits(Tensor losses, Tensor dlogits, Tensor logits, Tensor targets,
                                             Tensor posWeight, int n, int period) {
        scalar.binaryCrossEntropyWithLogits(losses, dlogits, logits, targets, posWeight, n, period);
    }

    @Override
    public NormKernels norm() {
        if (fault == Fault.NO_NORM_KERNELS) {
            throw new MissingKernelsException(NormKernels.class, "norm()", name());
        }
        return scalar.norm();
    }

    @Override
    public DropoutKernels dropout() {
        DropoutKernels d = scalar.dropout();
        if (fault != Fault.DROPOUT_WRONG_STREAM) {
            return d;
        }
        return new DropoutKernels() {
            private NoiseKey next(NoiseKey key) {
                return new NoiseKey(key.seed(), key.stream(), key.step() + 1);
            }

            @Override
            public void bernoulliForward(Tensor y, Tensor x, NoiseKey key, double p, int group) {
                d.bernoulliForward(y, x, next(key), p, group);
            }

            @Override
            public void bernoulliBackward(Tensor dx, Tensor dy, NoiseKey key, double p, int group) {
                d.bernoulliBackward(dx, dy, next(key), p, group);
            }

            @Override
            public void keepMask(Tensor mask, NoiseKey key, double p, int group, long first) {
                d.keepMask(mask, next(key), p, group, first);
            }

            @Override
            public void alphaForward(Tensor y, Tensor x, NoiseKey key, double p, int group) {
                d.alphaForward(y, x, next(key), p, group);
            }

            @Override
            public void alphaBackward(Tensor dx, Tensor dy, NoiseKey key, double p, int group) {
                d.alphaBackward(dx, dy, next(key), p, group);
            }

            @Override
            public void normalNoise(Tensor out, NoiseKey key, float mean, float stddev, long first) {
                d.normalNoise(out, next(key), mean, stddev, first);
            }

            @Override
            public double absSum(Tensor x) {
                return d.absSum(x);
            }

            @Override
            public void signAxpy(Tensor dx, float lambda, Tensor x) {
                d.signAxpy(dx, lambda, x);
            }

            @Override
            public void maxNormRows(Tensor w, int rows, int cols, float maxNorm, float eps) {
                d.maxNormRows(w, rows, cols, maxNorm, eps);
            }
        };
    }
}
