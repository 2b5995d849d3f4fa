package dev.nn.api.backend;

import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.List;

/**
 * A backend that forwards every call to another one: the base of decorators (counting host traffic, tracing,
 * injecting faults in tests, accumulating in higher precision). Override what the decorator changes. Tensors
 * allocated through it are adopted ({@link #adopt}): they name the decorator as their backend, so layers' kernel
 * calls on them come back through it, while their storage stays the delegate's.
 */
public abstract class ForwardingBackend implements Backend {
    private final Backend delegate;

    /**
     * A backend that forwards every call.
     *
     * @param delegate the backend that does the work
     */
    protected ForwardingBackend(Backend delegate) {
        this.delegate = delegate;
    }

    /** {@return the backend that does the work} */
    public final Backend delegate() {
        return delegate;
    }

    /**
     * {@return the same storage, owned by this decorator}
     *
     * @param t a tensor the delegate allocated
     */
    protected Tensor adopt(Tensor t) {
        return new Tensor(t.shape(), this, t.storage());
    }

    @Override
    public Tensor zeros(Shape shape) {
        return adopt(delegate.zeros(shape));
    }

    @Override
    public Tensor tensor(Shape shape, float[] values) {
        return adopt(delegate.tensor(shape, values));
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public int threads() {
        return delegate.threads();
    }

    @Override
    public float[] read(Tensor src) {
        return delegate.read(src);
    }

    @Override
    public void write(Tensor dst, float[] values) {
        delegate.write(dst, values);
    }

    @Override
    public void copy(Tensor dst, Tensor src) {
        delegate.copy(dst, src);
    }

    @Override
    public void copy(Tensor dst, int dstOffset, Tensor src, int srcOffset, int count) {
        delegate.copy(dst, dstOffset, src, srcOffset, count);
    }

    @Override
    public void fill(Tensor dst, float value) {
        delegate.fill(dst, value);
    }

    @Override
    public void free(Tensor t) {
        delegate.free(t);
    }

    @Override
    public MemoryStats memory() {
        return delegate.memory();
    }

    @Override
    public boolean isClosed() {
        return delegate.isClosed();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void add(Tensor out, Tensor a, Tensor b) {
        delegate.add(out, a, b);
    }

    @Override
    public void mul(Tensor out, Tensor a, Tensor b) {
        delegate.mul(out, a, b);
    }

    @Override
    public void scale(Tensor out, Tensor x, float alpha) {
        delegate.scale(out, x, alpha);
    }

    @Override
    public void axpy(Tensor y, float alpha, Tensor x) {
        delegate.axpy(y, alpha, x);
    }

    @Override
    public void activationForward(Activation f, float param, Tensor y, Tensor x) {
        delegate.activationForward(f, param, y, x);
    }

    @Override
    public void activationBackward(Activation f, float param, Tensor dx, Tensor dy, Tensor x, Tensor y) {
        delegate.activationBackward(f, param, dx, dy, x, y);
    }

    @Override
    public double sum(Tensor x) {
        return delegate.sum(x);
    }

    @Override
    public double sumOfSquares(Tensor x) {
        return delegate.sumOfSquares(x);
    }

    @Override
    public void sumInto(Tensor out, int index, Tensor x, int divisor) {
        delegate.sumInto(out, index, x, divisor);
    }

    @Override
    public void sumOfSquaresInto(Tensor out, int index, Tensor x, int divisor) {
        delegate.sumOfSquaresInto(out, index, x, divisor);
    }

    @Override
    public void countCorrect(Tensor out, int index, Tensor scores, Tensor labels, int rows, int cols) {
        delegate.countCorrect(out, index, scores, labels, rows, cols);
    }

    @Override
    public void argmax(Tensor out, Tensor x, int rows, int cols) {
        delegate.argmax(out, x, rows, cols);
    }

    @Override
    public void clipGradNorm(Tensor totalOut, int index, List<Tensor> grads, float maxNorm) {
        delegate.clipGradNorm(totalOut, index, grads, maxNorm);
    }

    @Override
    public void gemm(Tensor c, boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a, Tensor b,
                     float beta) {
        delegate.gemm(c, transA, transB, m, n, k, alpha, a, b, beta);
    }

    @Override
    public void addRowVector(Tensor x, Tensor v, int rows, int cols) {
        delegate.addRowVector(x, v, rows, cols);
    }

    @Override
    public void sumRows(Tensor out, Tensor x, int rows, int cols) {
        delegate.sumRows(out, x, rows, cols);
    }

    @Override
    public void conv2dForward(Conv2dGeometry g, Tensor y, Tensor x, Tensor w, Tensor b) {
        delegate.conv2dForward(g, y, x, w, b);
    }

    @Override
    public void conv2dBackward(Conv2dGeometry g, Tensor dx, Tensor dw, Tensor db, Tensor dy, Tensor x, Tensor w) {
        delegate.conv2dBackward(g, dx, dw, db, dy, x, w);
    }

    @Override
    public void maxPool2dForward(Pool2dGeometry g, Tensor y, Tensor x) {
        delegate.maxPool2dForward(g, y, x);
    }

    @Override
    public void maxPool2dBackward(Pool2dGeometry g, Tensor dx, Tensor dy, Tensor x) {
        delegate.maxPool2dBackward(g, dx, dy, x);
    }

    @Override
    public void avgPool2dForward(Pool2dGeometry g, Tensor y, Tensor x) {
        delegate.avgPool2dForward(g, y, x);
    }

    @Override
    public void avgPool2dBackward(Pool2dGeometry g, Tensor dx, Tensor dy) {
        delegate.avgPool2dBackward(g, dx, dy);
    }

    @Override
    public void softmaxCrossEntropy(Tensor losses, Tensor dlogits, Tensor logits, Tensor targets, int rows,
                                    int classes, float labelSmoothing) {
        delegate.softmaxCrossEntropy(losses, dlogits, logits, targets, rows, classes, labelSmoothing);
    }

    @Override
    public void sgdStep(Tensor param, Tensor momentumBuffer, Tensor grad, float lr, float momentum, float dampening,
                        float weightDecay, boolean nesterov, boolean firstStep) {
        delegate.sgdStep(param, momentumBuffer, grad, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }

    @Override
    public void adamStep(Tensor param, Tensor m, Tensor v, Tensor grad, float lr, float beta1, float beta2,
                         float eps, float weightDecay, boolean decoupled, int step) {
        delegate.adamStep(param, m, v, grad, lr, beta1, beta2, eps, weightDecay, decoupled, step);
    }

    @Override
    public void binaryCrossEntropyWithLogits(Tensor losses, Tensor dlogits, Tensor logits, Tensor targets,
                                             Tensor posWeight, int n, int period) {
        delegate.binaryCrossEntropyWithLogits(losses, dlogits, logits, targets, posWeight, n, period);
    }

    @Override
    public NormKernels norm() {
        return delegate.norm();
    }

    @Override
    public DropoutKernels dropout() {
        return delegate.dropout();
    }
}
