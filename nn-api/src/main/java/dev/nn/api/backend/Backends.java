package dev.nn.api.backend;

import dev.nn.api.internal.ProviderDiscovery;
import dev.nn.api.spi.BackendProvider;
import dev.nn.api.spi.BackendSelector;
import java.util.List;

/**
 * Finds and creates backends. Lookup: an explicit name in code ({@link #select(String)}) wins; otherwise the
 * {@code nn.backend} system property, then the {@code NN_BACKEND} environment variable; otherwise the available
 * provider with the highest priority. A request may list several names, tried in order.
 *
 * <p>Providers are discovered once per class loader (the thread's context class loader, as
 * {@code ServiceLoader.load} uses) or once per module layer ({@link #selector(ModuleLayer)}), and cached; a
 * provider that fails to load is skipped, logged once and listed as unavailable with its error.
 */
public final class Backends {
    private static final ProviderDiscovery<BackendProvider, BackendSelector> DISCOVERY =
            new ProviderDiscovery<>(BackendProvider.class, BackendSelector::new);

    private Backends() {
    }

    /** {@return the backend chosen by property, environment or priority, with default settings} */
    public static Backend select() {
        return select(BackendConfig.defaults());
    }

    /**
     * {@return the backend chosen by property, environment or priority}
     *
     * @param config settings for the created backend
     */
    public static Backend select(BackendConfig config) {
        return registry().selectConfigured(config);
    }

    /**
     * {@return the backend}
     *
     * @param names a name or comma list, e.g. {@code cuda,cpu-simd}; the first usable one is created
     */
    public static Backend select(String names) {
        return select(names, BackendConfig.defaults());
    }

    /**
     * {@return the backend}
     *
     * @param names a name or comma list; the first usable one is created
     * @param config settings for the created backend
     */
    public static Backend select(String names, BackendConfig config) {
        return registry().select(names, "request '" + names + "'", config);
    }

    /**
     * {@return every installed backend with its priority and availability, highest priority first, then every provider
     * that failed to load (unavailable, with the error)}
     */
    public static List<BackendSelector.Status> statuses() {
        return registry().statuses();
    }

    /**
     * The backends of a module layer and its parents, e.g. plugins an application loaded into a layer of their
     * own: select with {@code selector(layer).select(null, "priority", config)}, list with {@code statuses()}.
     * Discovered on the first call for a layer; later calls return the same selector.
     *
     * @param layer the module layer to search, with its parents
     * @return the selector over its providers and the ones that failed to load
     */
    public static BackendSelector selector(ModuleLayer layer) {
        return DISCOVERY.forLayer(layer);
    }

    /**
     * The backends {@code ServiceLoader} finds through the thread's context class loader (the module path, the
     * class path and any plugin layer whose loader is the context loader). Discovered once per loader.
     *
     * @return the selector over the providers found and the ones that failed to load
     */
    public static BackendSelector registry() {
        return DISCOVERY.forContextClassLoader();
    }
}
