package org.example.nnplugin;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.backend.Backends;
import dev.nn.api.spi.Availability;
import dev.nn.api.spi.BackendProvider;

/**
 * Discovered provider of {@code gemm64}: another backend (system property {@code nn.gemm64.delegate}, default
 * {@code scalar}) whose matrix products accumulate in float64. Priority -1, so it is used only when asked for by name.
 */
public final class Gemm64Provider implements BackendProvider {
    static final String NAME = "gemm64";
    static final String DELEGATE_PROPERTY = "nn.gemm64.delegate";

    /** Does nothing: providers are cheap to discover. */
    public Gemm64Provider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -1;
    }

    @Override
    public Availability probe() {
        String delegate = delegateName();
        if (delegate.equals(NAME)) {
            return Availability.no(DELEGATE_PROPERTY + "=" + NAME + " would decorate itself; name another backend");
        }
        return Availability.yes();
    }

    @Override
    public Backend create(BackendConfig config) {
        Availability availability = probe();
        if (!availability.available()) {
            throw new IllegalStateException("Backend gemm64 is unavailable: " + availability.reason());
        }
        return new Gemm64Backend(Backends.select(delegateName(), config));
    }

    private static String delegateName() {
        return System.getProperty(DELEGATE_PROPERTY, "scalar").strip();
    }
}
