package dev.nn.api.layer;

/**
 * A count kept on the host beside a layer's tensors, such as BatchNorm's {@code num_batches_tracked}: the layer
 * reads and updates it without a device synchronization, and checkpoints store it as an int64 tensor, as PyTorch
 * does.
 */
public final class Counter {
    private long value;

    /** A counter at zero. */
    public Counter() {
    }

    /** {@return the count} */
    public long get() {
        return value;
    }

    /**
     * Sets the count (when a checkpoint is loaded).
     *
     * @param value the new count, >= 0
     */
    public void set(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("A counter cannot be negative, got " + value);
        }
        this.value = value;
    }

    /** {@return the count after adding one} */
    public long increment() {
        return ++value;
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
