package dev.nn.tck;

import dev.nn.api.backend.Activation;
import dev.nn.api.backend.Conv2dGeometry;
import dev.nn.api.backend.DropoutKernels;
import dev.nn.api.backend.ForwardingBackend;
import dev.nn.api.backend.MissingKernelsException;
import dev.nn.api.backend.NoiseKey;
import dev.nn.api.backend.NormKernels;
import dev.nn.api.backend.Pool2dGeometry;
import dev.nn.api.tensor.Tensor;
import dev.nn.host.scalar.ScalarBackend;

/**
 * The scalar backend behind a decorator with at most one deliberate fault: the kit must
 * pass it without a fault and catch each fault.
 */
final class FaultyBackend extends ForwardingBackend {
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

    private final Fault fault;
    private final int threads;
    private long sums;

    FaultyBackend(Fault fault, int threads) {
        super(new ScalarBackend());
        this.fault = fault;
        this.threads = threads;
    }

    @Override
    public String name() {
        return "faulty";
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
        delegate().activationBackward(f, param, dx, dy, x, y);
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
        double s = delegate().sum(x);
        return fault == Fault.SUM_DIFFERS_BETWEEN_RUNS ? s + 1e-9 * ++sums : s;
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
        delegate().gemm(c, transA, transB, m, n, k, alpha, a, b, beta);
        float[] v = c.hostArray();
        if (fault == Fault.GEMM_OFF) {
            int last = m * n - 1;
            v[last] += 1e-4f * (Math.abs(v[last]) + 1f);
        } else if (fault == Fault.GEMM_DEPENDS_ON_THREADS && threads > 1) {
            v[0] = Math.nextUp(v[0]);
        }
    }

    @Override
    public NormKernels norm() {
        if (fault == Fault.NO_NORM_KERNELS) {
            throw new MissingKernelsException(NormKernels.class, "norm()", name());
        }
        return delegate().norm();
    }

    @Override
    public DropoutKernels dropout() {
        DropoutKernels d = delegate().dropout();
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
