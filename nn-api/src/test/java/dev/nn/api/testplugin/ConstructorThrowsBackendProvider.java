package dev.nn.api.testplugin;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.spi.Availability;
import dev.nn.api.spi.BackendProvider;
import dev.nn.api.spi.ProxyBackendProvider;

/** A broken plugin: its constructor throws, so ServiceLoader cannot instantiate it. */
public final class ConstructorThrowsBackendProvider implements BackendProvider {
    /** The message of the constructor's exception. */
    public static final String MESSAGE = "constructor failed on purpose";

    /** Always throws, as a provider that does real work in its constructor may. */
    public ConstructorThrowsBackendProvider() {
        throw new IllegalStateException(MESSAGE);
    }

    @Override
    public String name() {
        return "ctor-broken";
    }

    @Override
    public int priority() {
        return 900;
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
