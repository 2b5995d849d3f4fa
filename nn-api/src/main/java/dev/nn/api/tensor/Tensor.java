package dev.nn.api.tensor;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import java.util.Arrays;

/**
 * A dense float32 row-major tensor. Its storage is owned by the {@link Backend} that created it; layers hand
 * tensors to that backend's kernels and never look inside, so changing the backend changes no layer code.
 * Create tensors through a backend ({@link Backend#zeros}, {@link Backend#tensor}).
 */
public final class Tensor {
    private final Shape shape;
    private final Backend backend;
    private final Storage storage;

    /**
     * For backends: wraps storage they allocated.
     *
     * @param shape the logical shape
     * @param backend the owner of the storage
     * @param storage at least {@code shape.size()} values
     */
    public Tensor(Shape shape, Backend backend, Storage storage) {
        if (storage.capacity() < shape.size()) {
            throw new ShapeException("Storage of " + storage.capacity() + " values cannot hold shape " + shape);
        }
        this.shape = shape;
        this.backend = backend;
        this.storage = storage;
    }

    /** {@return the shape} */
    public Shape shape() {
        return shape;
    }

    /** {@return the number of elements} */
    public int size() {
        return shape.size();
    }

    /** {@return the backend that owns the storage and runs kernels on it} */
    public Backend backend() {
        return backend;
    }

    /** {@return the backend-owned storage (for backends)} */
    public Storage storage() {
        return storage;
    }

    /**
     * Host data without a copy, for host backends' kernels.
     *
     * @return the storage's array
     * @throws IllegalStateException when the tensor lives on a device
     */
    public float[] hostArray() {
        if (storage instanceof HostStorage host) {
            return host.array();
        }
        throw new IllegalStateException("Tensor " + shape + " lives on backend '" + backend.name()
                + "', not on the host; copy it with toArray()");
    }

    /** {@return a host copy of the values, row-major (a host read: on a device, a synchronization)} */
    public float[] toArray() {
        return backend.read(this);
    }

    /**
     * The value of a one-element tensor, such as a reduced loss (PyTorch's {@code item()}): a host read.
     *
     * @return the value
     * @throws dev.nn.api.ShapeException when the tensor does not hold exactly one value
     */
    public float item() {
        if (size() != 1) {
            throw new ShapeException("item() needs a tensor of one value, got shape " + shape + " (" + size()
                    + " values); read them with toArray()");
        }
        return backend.read(this)[0];
    }

    /**
     * A view of the first values of this tensor's storage with another, not larger, shape: how a reused buffer
     * holds a smaller batch. Views share the storage, so writes through one are seen through the others.
     *
     * @param s the view's shape, at most {@code storage().capacity()} values
     * @return the view (this tensor when the shape is the same)
     */
    public Tensor view(Shape s) {
        return s.equals(shape) ? this : new Tensor(s, backend, storage);
    }

    /**
     * A view with another shape of the same size, sharing the storage (PyTorch {@code view}).
     *
     * @param dims the new dimensions
     * @return the view
     */
    public Tensor reshape(int... dims) {
        Shape s = Shape.of(dims);
        if (s.size() != shape.size()) {
            throw new ShapeException("Cannot reshape " + shape + " (" + shape.size() + " values) to " + s
                    + " (" + s.size() + " values); the number of values must stay the same");
        }
        return new Tensor(s, backend, storage);
    }

    @Override
    public String toString() {
        float[] v = toArray();
        String values = v.length <= 8 ? Arrays.toString(v)
                : Arrays.toString(Arrays.copyOf(v, 8)).replace("]", ", ...]");
        return "Tensor" + shape + " on " + backend.name() + " " + values;
    }
}
