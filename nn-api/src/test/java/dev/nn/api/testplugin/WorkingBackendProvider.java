package dev.nn.api.testplugin;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.spi.Availability;
import dev.nn.api.spi.BackendProvider;
import dev.nn.api.spi.ProxyBackendProvider;

/** A plugin backend that loads and is available: it must still be selected beside the broken ones. */
public final class WorkingBackendProvider implements BackendProvider {
    /** For ServiceLoader. */
    public WorkingBackendProvider() {
    }

    @Override
    public String name() {
        return "plugin";
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public Availability probe() {
        return Availability.yes();
    }

    @Override
    public Backend create(BackendConfig config) {
        return ProxyBackendProvider.backendNamed(name());
    }
}
