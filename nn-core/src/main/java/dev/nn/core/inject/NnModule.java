package dev.nn.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.backend.Backends;
import dev.nn.api.init.Initializers;
import dev.nn.api.norm.Normalizations;
import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.NamedProviders;
import dev.nn.api.spi.NormalizationProvider;

/**
 * Binds what nn's registries found: one {@link Backend} per injector (chosen as {@link Backends} chooses, or by
 * the name given here) and the initializer and normalization providers by name.
 */
@SuppressWarnings("exports")   // Guice is read static: callers that use this class read Guice themselves
public final class NnModule extends AbstractModule {
    private final String backend;
    private final BackendConfig config;

    /** Selects the backend by {@code -Dnn.backend}, {@code NN_BACKEND} or priority, with default settings. */
    public NnModule() {
        this(null, BackendConfig.defaults());
    }

    /**
     * A module binding the named backend.
     *
     * @param backend a backend name or comma list; null selects by property, environment or priority
     * @param config settings for the backend
     */
    public NnModule(String backend, BackendConfig config) {
        this.backend = backend;
        this.config = config;
    }

    @Provides
    @Singleton
    Backend backend() {
        return backend == null ? Backends.select(config) : Backends.select(backend, config);
    }

    @Provides
    @Singleton
    NamedProviders<InitializerProvider> initializers() {
        return Initializers.registry();
    }

    @Provides
    @Singleton
    NamedProviders<NormalizationProvider> normalizations() {
        return Normalizations.registry();
    }
}
