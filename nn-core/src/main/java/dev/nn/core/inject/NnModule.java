package dev.nn.core.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.backend.Backends;
import dev.nn.api.init.Initializers;
import dev.nn.api.norm.Normalizations;
import dev.nn.api.spi.BackendSelector;
import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.NamedProviders;
import dev.nn.api.spi.NormalizationProvider;
import dev.nn.core.train.Trainer;

/**
 * Binds nn's registries and training services, each of which an application can replace with
 * {@code Modules.override(new NnModule()).with(yours)}:
 * <ul>
 *   <li>the registries {@code ServiceLoader} found: {@link BackendSelector}, {@code NamedProviders<InitializerProvider>}
 *       and {@code NamedProviders<NormalizationProvider>};</li>
 *   <li>{@link BackendFactory}, which opens a backend by name from the bound selector, and one {@link Backend} per
 *       injector (chosen as {@link Backends} chooses, or by the name given here);</li>
 *   <li>{@link Trainer.Builder}, a new one per injection: bind your own provider to give every training run the
 *       same callbacks (logging, metrics export) or defaults.</li>
 * </ul>
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
    BackendSelector backends() {
        return Backends.registry();
    }

    @Provides
    @Singleton
    BackendFactory backendFactory(BackendSelector selector) {
        return BackendFactory.selecting(selector);
    }

    @Provides
    @Singleton
    Backend backend(BackendFactory factory) {
        return factory.open(backend, config);
    }

    @Provides
    Trainer.Builder trainer() {
        return Trainer.builder();
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
