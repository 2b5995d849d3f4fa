package dev.nn.core.inject;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.spi.BackendSelector;

/**
 * Opens the backend a run asks for. The binding {@link NnModule} makes selects from the bound
 * {@link BackendSelector}; an application binds its own to wrap, trace or replace backends everywhere nn opens one.
 */
@FunctionalInterface
public interface BackendFactory {
    /**
     * Opens a backend; the caller owns it and closes it.
     *
     * @param request a backend name or comma list (first usable wins); null selects by the {@code nn.backend}
     *        property, the {@code NN_BACKEND} environment variable or priority
     * @param config settings for the backend
     * @return the open backend
     * @throws dev.nn.api.NnException when nothing requested is usable, with every installed backend and its status
     */
    Backend open(String request, BackendConfig config);

    /**
     * {@return the factory that selects from {@code selector}}
     *
     * @param selector the installed backends
     */
    static BackendFactory selecting(BackendSelector selector) {
        return (request, config) -> request == null || request.isBlank() ? selector.selectConfigured(config)
                : selector.select(request, "request '" + request + "'", config);
    }
}
