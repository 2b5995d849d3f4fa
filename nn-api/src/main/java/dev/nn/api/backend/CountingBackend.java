package dev.nn.api.backend;

import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend decorator that counts host traffic and allocations: host reads ({@link #read}, {@link #sum},
 * {@link #sumOfSquares}, the dropout family's {@code absSum}), host writes ({@link #write}, {@link #tensor}) and
 * allocations ({@link #zeros}, {@link #tensor}) with their bytes, and frees. Everything else goes straight to the wrapped
 * backend. Tensors it hands out name the decorator as their backend, so layers' kernel calls come back through it.
 * Tests use it to prove that a steady-state training step does no host reads, two host writes (inputs and
 * targets) and no allocations; an application can use it to find the synchronizations in its loop.
 */
public final class CountingBackend implements Backend {
    private final Backend inner;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong allocations = new AtomicLong();
    private final AtomicLong allocatedBytes = new AtomicLong();
    private final AtomicLong frees = new AtomicLong();
    private final DropoutKernels dropout;

    /** @param inner the backend that does the work */
    public CountingBackend(Backend inner) {
        this.inner = inner;
        this.dropout = countingDropout(inner);
    }

    /**
     * The counts so far.
     *
     * @param hostReads values brought to the host
     * @param hostWrites values sent from the host
     * @param allocations tensors allocated
     * @param allocatedBytes their bytes
     * @param frees tensors freed
     */
    public record Counts(long hostReads, long hostWrites, long allocations, long allocatedBytes, long frees) {
        /**
         * @param before counts taken earlier
         * @return what happened since
         */
        public Counts minus(Counts before) {
            return new Counts(hostReads - before.hostReads, hostWrites - before.hostWrites,
                    allocations - before.allocations, allocatedBytes - before.allocatedBytes, frees - before.frees);
        }
    }

    /** @return the counts so far */
    public Counts counts() {
        return new Counts(reads.get(), writes.get(), allocations.get(), allocatedBytes.get(), frees.get());
    }

    /** @return the decorated backend */
    public Backend inner() {
        return inner;
    }

    private Tensor own(Tensor t) {
        allocations.incrementAndGet();
        allocatedBytes.addAndGet((long) Float.BYTES * t.storage().capacity());
        return new Tensor(t.shape(), this, t.storage());
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Tensor zeros(Shape shape) {
        return own(inner.zeros(shape));
    }

    @Override
    public Tensor tensor(Shape shape, float[] values) {
        writes.incrementAndGet();
        return own(inner.tensor(shape, values));
    }

    @Override
    public void free(Tensor t) {
        frees.incrementAndGet();
        inner.free(t);
    }

    @Override
    public MemoryStats memory() {
        return inner.memory();
    }

    @Override
    public boolean isClosed() {
        return inner.isClosed();
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public NormKernels norm() {
        return inner.norm();
    }

    @Override
    public DropoutKernels dropout() {
        return dropout;
    }

    @Override
    public float[] read(Tensor src) {
        reads.incrementAndGet();
        return inner.read(src);
    }

    @Override
    public void write(Tensor dst, float[] values) {
        writes.incrementAndGet();
        inner.write(dst, values);
    }

    @Override
    public void copy(Tensor dst, Tensor src) {
        inner.copy(dst, src);
    }

    @Override
    public void copy(Tensor dst, int dstOffset, Tensor src, int srcOffset, int count) {
        inner.copy(dst, dstOffset, src, srcOffset, count);
    }

    @Override
    public void fill(Tensor dst, float value) {
        inner.fill(dst, value);
    }

    @Override
    public void add(Tensor out, Tensor a, Tensor b) {
        inner.add(out, a, b);
    }

    @Override
    public void mul(Tensor out, Tensor a, Tensor b) {
        inner.mul(out, a, b);
    }

    @Override
    public void scale(Tensor out, Tensor x, float alpha) {
        inner.scale(out, x, alpha);
    }

    @Override
    public void axpy(Tensor y, float alpha, Tensor x) {
        inner.axpy(y, alpha, x);
    }

    @Override
    public void activationForward(Activation f, float param, Tensor y, Tensor x) {
        inner.activationForward(f, param, y, x);
    }

    @Override
    public void activationBackward(Activation f, float param, Tensor dx, Tensor dy, Tensor x, Tensor y) {
        inner.activationBackward(f, param, dx, dy, x, y);
    }

    @Override
    public double sum(Tensor x) {
        reads.incrementAndGet();
        return inner.sum(x);
    }

    @Override
    public double sumOfSquares(Tensor x) {
        reads.incrementAndGet();
        return inner.sumOfSquares(x);
    }

    @Override
    public void sumInto(Tensor out, int index, Tensor x, int divisor) {
        inner.sumInto(out, index, x, divisor);
    }

    @Override
    public void sumOfSquaresInto(Tensor out, int index, Tensor x, int divisor) {
        inner.sumOfSquaresInto(out, index, x, divisor);
    }

    @Override
    public void countCorrect(Tensor out, int index, Tensor scores, Tensor labels, int rows, int cols) {
        inner.countCorrect(out, index, scores, labels, rows, cols);
    }

    @Override
    public void argmax(Tensor out, Tensor x, int rows, int cols) {
        inner.argmax(out, x, rows, cols);
    }

    @Override
    public void clipGradNorm(Tensor totalOut, int index, List<Tensor> grads, float maxNorm) {
        inner.clipGradNorm(totalOut, index, grads, maxNorm);
    }

    @Override
    public void gemm(Tensor c, boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a, Tensor b, float beta) {
        inner.gemm(c, transA, transB, m, n, k, alpha, a, b, beta);
    }

    @Override
    public void addRowVector(Tensor x, Tensor v, int rows, int cols) {
        inner.addRowVector(x, v, rows, cols);
    }

    @Override
    public void sumRows(Tensor out, Tensor x, int rows, int cols) {
        inner.sumRows(out, x, rows, cols);
    }

    @Override
    public void conv2dForward(Conv2dGeometry g, Tensor y, Tensor x, Tensor w, Tensor b) {
        inner.conv2dForward(g, y, x, w, b);
    }

    @Override
    public void conv2dBackward(Conv2dGeometry g, Tensor dx, Tensor dw, Tensor db, Tensor dy, Tensor x, Tensor w) {
        inner.conv2dBackward(g, dx, dw, db, dy, x, w);
    }

    @Override
    public void maxPool2dForward(Pool2dGeometry g, Tensor y, Tensor x) {
        inner.maxPool2dForward(g, y, x);
    }

    @Override
    public void maxPool2dBackward(Pool2dGeometry g, Tensor dx, Tensor dy, Tensor x) {
        inner.maxPool2dBackward(g, dx, dy, x);
    }

    @Override
    public void avgPool2dForward(Pool2dGeometry g, Tensor y, Tensor x) {
        inner.avgPool2dForward(g, y, x);
    }

    @Override
    public void avgPool2dBackward(Pool2dGeometry g, Tensor dx, Tensor dy) {
        inner.avgPool2dBackward(g, dx, dy);
    }

    @Override
    public void softmaxCrossEntropy(Tensor losses, Tensor dlogits, Tensor logits, Tensor targets, int rows, int classes, float labelSmoothing) {
        inner.softmaxCrossEntropy(losses, dlogits, logits, targets, rows, classes, labelSmoothing);
    }

    @Override
    public void sgdStep(Tensor param, Tensor momentumBuffer, Tensor grad, float lr, float momentum, float dampening, float weightDecay, boolean nesterov, boolean firstStep) {
        inner.sgdStep(param, momentumBuffer, grad, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }

    @Override
    public void adamStep(Tensor param, Tensor m, Tensor v, Tensor grad, float lr, float beta1, float beta2, float eps, float weightDecay, boolean decoupled, int step) {
        inner.adamStep(param, m, v, grad, lr, beta1, beta2, eps, weightDecay, decoupled, step);
    }

    @Override
    public void binaryCrossEntropyWithLogits(Tensor losses, Tensor dlogits, Tensor logits, Tensor targets, Tensor posWeight, int n, int period) {
        inner.binaryCrossEntropyWithLogits(losses, dlogits, logits, targets, posWeight, n, period);
    }

    /** The dropout family of the inner backend, with its one host read counted; resolved lazily (it may be absent). */
    private DropoutKernels countingDropout(Backend b) {
        return new DropoutKernels() {
            private DropoutKernels k() {
                return b.dropout();
            }

            @Override
            public void bernoulliForward(Tensor y, Tensor x, NoiseKey key, double p, int group) {
                k().bernoulliForward(y, x, key, p, group);
            }

            @Override
            public void bernoulliBackward(Tensor dx, Tensor dy, NoiseKey key, double p, int group) {
                k().bernoulliBackward(dx, dy, key, p, group);
            }

            @Override
            public void keepMask(Tensor mask, NoiseKey key, double p, int group, long first) {
                k().keepMask(mask, key, p, group, first);
            }

            @Override
            public void alphaForward(Tensor y, Tensor x, NoiseKey key, double p, int group) {
                k().alphaForward(y, x, key, p, group);
            }

            @Override
            public void alphaBackward(Tensor dx, Tensor dy, NoiseKey key, double p, int group) {
                k().alphaBackward(dx, dy, key, p, group);
            }

            @Override
            public void normalNoise(Tensor out, NoiseKey key, float mean, float stddev, long first) {
                k().normalNoise(out, key, mean, stddev, first);
            }

            @Override
            public double absSum(Tensor x) {
                reads.incrementAndGet();
                return k().absSum(x);
            }

            @Override
            public void signAxpy(Tensor dx, float lambda, Tensor x) {
                k().signAxpy(dx, lambda, x);
            }

            @Override
            public void maxNormRows(Tensor w, int rows, int cols, float maxNorm, float eps) {
                k().maxNormRows(w, rows, cols, maxNorm, eps);
            }
        };
    }
}
