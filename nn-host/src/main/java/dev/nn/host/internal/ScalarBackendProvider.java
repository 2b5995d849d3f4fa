package dev.nn.host.internal;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.spi.Availability;
import dev.nn.api.spi.BackendProvider;
import dev.nn.host.scalar.ScalarBackend;

/** Provides the {@code scalar} reference backend: priority 0, available everywhere. */
public final class ScalarBackendProvider implements BackendProvider {
    /** Does nothing, as providers must. */
    public ScalarBackendProvider() {
    }

    @Override
    public String name() {
        return ScalarBackend.NAME;
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
