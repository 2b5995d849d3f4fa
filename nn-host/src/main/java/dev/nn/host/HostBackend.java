package dev.nn.host;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.tensor.HostStorage;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.Arrays;

/**
 * Memory of the host backends: every tensor is a heap {@code float[]} ({@link HostStorage}) owned by the concrete
 * backend, so the scalar and SIMD backends allocate, copy and read tensors the same way and can share them.
 */
public abstract class HostBackend implements Backend {
    /** For subclasses. */
    protected HostBackend() {
    }

    @Override
    public final Tensor zeros(Shape shape) {
        return new Tensor(shape, this, new HostStorage(new float[shape.size()]));
    }

    @Override
    public final Tensor tensor(Shape shape, float[] values) {
        if (values.length != shape.size()) {
            throw new ShapeException("Shape " + shape + " needs " + shape.size() + " values, got " + values.length);
        }
        return new Tensor(shape, this, new HostStorage(values.clone()));
    }

    @Override
    public final float[] read(Tensor src) {
        return Arrays.copyOf(src.hostArray(), src.size());
    }

    @Override
    public final void write(Tensor dst, float[] values) {
        if (values.length != dst.size()) {
            throw new ShapeException("Tensor " + dst.shape() + " holds " + dst.size() + " values, got "
                    + values.length);
        }
        System.arraycopy(values, 0, dst.hostArray(), 0, values.length);
    }

    @Override
    public final void copy(Tensor dst, Tensor src) {
        requireSameSize(dst, src);
        System.arraycopy(src.hostArray(), 0, dst.hostArray(), 0, src.size());
    }

    @Override
    public final void fill(Tensor dst, float value) {
        Arrays.fill(dst.hostArray(), 0, dst.size(), value);
    }

    /**
     * Kernels trust their callers, but a wrong-size tensor would corrupt memory silently: elementwise kernels check.
     *
     * @param a one tensor
     * @param b another
     * @throws ShapeException when their sizes differ
     */
    protected static void requireSameSize(Tensor a, Tensor b) {
        if (a.size() != b.size()) {
            throw new ShapeException("Tensors " + a.shape() + " and " + b.shape()
                    + " must hold the same number of values");
        }
    }
}
