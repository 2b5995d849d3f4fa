package dev.nn.api.testplugin;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.spi.Availability;
import dev.nn.api.spi.BackendProvider;
import dev.nn.api.spi.ProxyBackendProvider;

/** A broken plugin: it has no public no-arg constructor (nor a {@code provider()} method) for ServiceLoader. */
public final class NoPublicConstructorBackendProvider implements BackendProvider {
    private final String name;

    /** @param name the backend's name; ServiceLoader has none to pass */
    public NoPublicConstructorBackendProvider(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return 700;
    }

    @Override
    public Availability probe() {
        return Availability.yes();
    }

    @Override
    public Backend create(BackendConfig config) {
        return ProxyBackendProvider.backendNamed(name);
    }
}
