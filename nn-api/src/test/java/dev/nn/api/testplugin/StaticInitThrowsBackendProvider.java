package dev.nn.api.testplugin;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.spi.Availability;
import dev.nn.api.spi.BackendProvider;
import dev.nn.api.spi.ProxyBackendProvider;

/** A broken plugin: its static initializer throws (as one loading a native library that is absent would). */
public final class StaticInitThrowsBackendProvider implements BackendProvider {
    /** The message of the static initializer's exception. */
    public static final String MESSAGE = "static initializer failed on purpose";
    private static final String NAME = failToInitialize();

    /** For ServiceLoader; never runs, the class does not initialize. */
    public StaticInitThrowsBackendProvider() {
    }

    private static String failToInitialize() {
        throw new IllegalStateException(MESSAGE);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 800;
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
