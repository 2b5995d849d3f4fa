package dev.nn.api.spi;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;

/**
 * The discovered factory of a {@link Backend}. Constructors do nothing; {@link #probe()} is cheap, never throws
 * and loads no native code; expensive work waits for {@link #create}. Providers never log or do I/O.
 */
public interface BackendProvider {
    /** {@return stable lower-case id used in {@code -Dnn.backend}: {@code scalar}, {@code cpu-simd}, {@code cuda}} */
    String name();

    /** {@return higher wins: scalar = 0, cpu-simd = 100, cuda = 200} */
    int priority();

    /** {@return whether the backend can run here and, if not, why} */
    Availability probe();

    /**
     * {@return a ready backend}
     *
     * @param config settings
     */
    Backend create(BackendConfig config);
}
