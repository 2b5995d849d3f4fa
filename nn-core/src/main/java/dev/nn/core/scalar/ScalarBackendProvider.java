package dev.nn.core.scalar;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.spi.Availability;
import dev.nn.api.spi.BackendProvider;

/** Provides the {@code scalar} reference backend: priority 0, available everywhere. */
public final class ScalarBackendProvider implements BackendProvider {
    /** Name used in {@code -Dnn.backend=scalar}. */
    public static final String NAME = "scalar";

    /** Does nothing, as providers must. */
    public ScalarBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability probe() {
        return Availability.yes();
    }

    @Override
    public Backend create(BackendConfig config) {
        return new ScalarBackend();
    }
}
