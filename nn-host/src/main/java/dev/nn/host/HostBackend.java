package dev.nn.host;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.MemoryStats;
import dev.nn.api.tensor.HostStorage;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory of the host backends: every tensor is a heap {@code float[]} ({@link HostStorage}) owned by the concrete
 * backend, so the scalar and SIMD backends (and a third party's host backend) allocate, copy and read tensors the
 * same way and can share them.
 *
 * <p>Lifetime: every storage belongs to this backend's {@link HostStorage.Lifetime}. {@link #free} drops one
 * storage at once; {@link #close()} ends the lifetime, which invalidates every storage without tracking them (the
 * garbage collector reclaims the arrays once unreferenced), and any later use fails with a message that names the
 * backend. Allocation counts are kept for {@link #memory()}.
 */
public abstract class HostBackend implements Backend {
    private final HostStorage.Lifetime lifetime;
    private final AtomicLong liveTensors = new AtomicLong();
    private final AtomicLong liveValues = new AtomicLong();
    private final AtomicLong allocations = new AtomicLong();
    private final AtomicLong allocatedValues = new AtomicLong();

    /**
     * An open backend.
     *
     * @param name the backend's name ({@link #name()}), for messages about its memory
     */
    protected HostBackend(String name) {
        this.lifetime = new HostStorage.Lifetime(name);
    }

    @Override
    public final Tensor zeros(Shape shape) {
        return own(shape, new float[shape.size()]);
    }

    @Override
    public final Tensor tensor(Shape shape, float[] values) {
        if (values.length != shape.size()) {
            throw new ShapeException("Shape " + shape + " needs " + shape.size() + " values, got " + values.length);
        }
        return own(shape, values.clone());
    }

    private Tensor own(Shape shape, float[] array) {
        requireOpen();
        liveTensors.incrementAndGet();
        liveValues.addAndGet(array.length);
        allocations.incrementAndGet();
        allocatedValues.addAndGet(array.length);
        return new Tensor(shape, this, new HostStorage(array, lifetime));
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
    public final void copy(Tensor dst, int dstOffset, Tensor src, int srcOffset, int count) {
        if (dstOffset < 0 || srcOffset < 0 || count < 0 || (long) dstOffset + count > dst.size()
                || (long) srcOffset + count > src.size()) {
            throw new ShapeException("Cannot copy " + count + " values from offset " + srcOffset + " of " + src.shape()
                    + " to offset " + dstOffset + " of " + dst.shape() + ": the range leaves a tensor");
        }
        System.arraycopy(src.hostArray(), srcOffset, dst.hostArray(), dstOffset, count);
    }

    @Override
    public final void fill(Tensor dst, float value) {
        Arrays.fill(dst.hostArray(), 0, dst.size(), value);
    }

    /** @throws IllegalStateException when the backend is closed: its memory is already released */
    @Override
    public final void free(Tensor t) {
        requireOpen();
        if (!(t.storage() instanceof HostStorage storage) || storage.lifetime() != lifetime) {
            throw new IllegalArgumentException("Tensor " + t.shape() + " was not allocated by backend '" + name()
                    + "'; free it through the backend that allocated it");
        }
        int released = storage.release();
        if (released > 0) {
            liveTensors.decrementAndGet();
            liveValues.addAndGet(-released);
        }
    }

    @Override
    public final MemoryStats memory() {
        return new MemoryStats(liveTensors.get(), Float.BYTES * liveValues.get(), allocations.get(),
                Float.BYTES * allocatedValues.get());
    }

    @Override
    public final boolean isClosed() {
        return lifetime.isClosed();
    }

    /** Ends the memory's lifetime, then lets a subclass release what else it holds ({@link #closeResources}). */
    @Override
    public final void close() {
        if (lifetime.isClosed()) {
            return;
        }
        lifetime.close();
        liveTensors.set(0);
        liveValues.set(0);
        closeResources();
    }

    /** Releases a subclass's own resources (worker threads) once, on {@link #close()}. Nothing by default. */
    protected void closeResources() {
    }

    // ---- metric kernels shared by host backends: each reads and writes its few values in place ------------------

    @Override
    public void sumInto(Tensor out, int index, Tensor x, int divisor) {
        out.hostArray()[index] = (float) (sum(x) / divisor);
    }

    @Override
    public void sumOfSquaresInto(Tensor out, int index, Tensor x, int divisor) {
        out.hostArray()[index] = (float) (sumOfSquares(x) / divisor);
    }

    @Override
    public void countCorrect(Tensor out, int index, Tensor scores, Tensor labels, int rows, int cols) {
        float[] v = scores.hostArray();
        float[] t = labels.hostArray();
        int hits = 0;
        for (int r = 0; r < rows; r++) {
            hits += firstMaxColumn(v, r * cols, cols) == t[r] ? 1 : 0;
        }
        out.hostArray()[index] = hits;
    }

    @Override
    public void argmax(Tensor out, Tensor x, int rows, int cols) {
        float[] v = x.hostArray();
        float[] o = out.hostArray();
        for (int r = 0; r < rows; r++) {
            o[r] = firstMaxColumn(v, r * cols, cols);
        }
    }

    /** The first column holding the row's maximum, where NaN is the maximum (PyTorch's argmax). */
    private static int firstMaxColumn(float[] v, int off, int cols) {
        int best = 0;
        for (int c = 1; c < cols && !Float.isNaN(v[off + best]); c++) {
            float x = v[off + c];
            if (x > v[off + best] || Float.isNaN(x)) {
                best = c;
            }
        }
        return best;
    }

    @Override
    public void clipGradNorm(Tensor totalOut, int index, List<Tensor> grads, float maxNorm) {
        double sumOfSquares = 0;
        for (Tensor g : grads) {
            sumOfSquares += sumOfSquares(g);
        }
        // PyTorch computes the norm in the gradients' dtype (float32)
        float total = (float) Math.sqrt(sumOfSquares);
        float coefficient = maxNorm / (total + 1e-6f);
        if (coefficient < 1f || Float.isNaN(coefficient)) {
            for (Tensor g : grads) {
                scale(g, g, coefficient);
            }
        }
        totalOut.hostArray()[index] = total;
    }

    /**
     * Fails when the backend is closed.
     *
     * @throws IllegalStateException when the backend is closed
     */
    protected final void requireOpen() {
        if (lifetime.isClosed()) {
            throw new IllegalStateException("Backend '" + name() + "' is closed; create a new one "
                    + "(Backends.select()) to allocate tensors or run kernels");
        }
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
