package dev.nn.api.tensor;

/**
 * Heap storage shared by every host backend, so tensors pass between the scalar and SIMD backends without a
 * copy. The array is the tensor's data, row-major, starting at index 0; it may be longer than a tensor viewing it
 * (a layer's reused buffer holding a smaller batch).
 *
 * <p>Storage belongs to the backend that allocated it, through a {@link Lifetime}: once the backend frees it or is
 * closed, every access fails with a message that says so, instead of computing on memory nobody owns.
 */
public final class HostStorage implements Storage {
    private float[] array;
    private final Lifetime lifetime;

    /**
     * Storage owned by a backend's lifetime.
     *
     * @param array the values; owned by the storage, not copied
     * @param lifetime the owner's lifetime
     */
    public HostStorage(float[] array, Lifetime lifetime) {
        this.array = array;
        this.lifetime = lifetime;
    }

    /**
     * Storage that lives as long as it is referenced (tests, mocks, host-only helpers).
     *
     * @param array the values; owned by the storage, not copied
     */
    public HostStorage(float[] array) {
        this(array, Lifetime.UNMANAGED);
    }

    /**
     * {@return the values}
     *
     * @throws IllegalStateException when the storage was freed or its backend closed
     */
    public float[] array() {
        float[] a = array;
        if (a == null || lifetime.closed) {
            throw new IllegalStateException("Tensor memory of backend '" + lifetime.owner + "' was "
                    + (lifetime.closed ? "released when the backend was closed" : "freed")
                    + "; a tensor cannot be used after its backend frees it. Keep the backend open while its "
                    + "tensors are in use, or copy the values to the host first (toArray())");
        }
        return a;
    }

    /** {@return the lifetime this storage belongs to} */
    public Lifetime lifetime() {
        return lifetime;
    }

    /**
     * Drops the values: later accesses fail. For the owning backend's {@code free}.
     *
     * @return the number of values released, 0 when already freed
     */
    public int release() {
        float[] a = array;
        array = null;
        return a == null ? 0 : a.length;
    }

    @Override
    public int capacity() {
        float[] a = array;
        return a == null ? 0 : a.length;
    }

    /**
     * The lifetime of a host backend's memory: closing it invalidates every storage allocated under it at once,
     * without the backend having to track them.
     */
    public static final class Lifetime {
        static final Lifetime UNMANAGED = new Lifetime("unmanaged");

        private final String owner;
        private volatile boolean closed;

        /**
         * A lifetime that is open until closed.
         *
         * @param owner the backend's name, for messages
         */
        public Lifetime(String owner) {
            this.owner = owner;
        }

        /** Ends the lifetime: every storage under it fails on its next access. */
        public void close() {
            closed = true;
        }

        /** {@return whether {@link #close()} was called} */
        public boolean isClosed() {
            return closed;
        }
    }
}
