package dev.nn.api.tensor;

import dev.nn.api.backend.Backend;

/**
 * A buffer that a layer or loss owns and reuses from step to step (the Caffe/cuDNN model of memory): its forward
 * output, its input gradient, its saved statistics. The slot allocates once, at the largest shape asked for, and
 * hands out views of that storage for smaller shapes (the last, smaller batch of an epoch), so a steady-state
 * training step allocates nothing. What a slot returns stays valid until the owner's next call that fills the
 * slot; copy it to keep it longer.
 */
public final class TensorSlot {
    private Tensor buffer;
    private Tensor view;

    /** An empty slot; nothing is allocated before the first {@link #get}. */
    public TensorSlot() {
    }

    /**
     * {@return a tensor of that shape whose values are whatever the slot held last (overwrite them)}
     *
     * @param backend where the buffer lives
     * @param shape the shape wanted
     */
    public Tensor get(Backend backend, Shape shape) {
        if (view != null && view.backend() == backend && view.shape().equals(shape)) {
            return view;
        }
        if (buffer == null || buffer.backend() != backend || buffer.storage().capacity() < shape.size()) {
            free();
            buffer = backend.zeros(shape);
        }
        view = buffer.view(shape);
        return view;
    }

    /**
     * {@return a tensor of that shape filled with zeros (for kernels that accumulate)}
     *
     * @param backend where the buffer lives
     * @param shape the shape wanted
     */
    public Tensor zeroed(Backend backend, Shape shape) {
        Tensor t = get(backend, shape);
        backend.fill(t, 0f);
        return t;
    }

    /** Returns the buffer to its backend now; the slot allocates again when next asked. */
    public void free() {
        if (buffer != null && !buffer.backend().isClosed()) {
            buffer.backend().free(buffer);
        }
        buffer = null;
        view = null;
    }
}
