package dev.nn.api.backend;

/**
 * Settings a backend is created with.
 *
 * @param threads worker threads a multi-threaded backend may use; 0 = one per available processor
 */
public record BackendConfig(int threads) {
    /** Rejects a negative thread count. */
    public BackendConfig {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = all processors), got " + threads);
        }
    }

    /** {@return the defaults: all processors} */
    public static BackendConfig defaults() {
        return new BackendConfig(0);
    }
}
