package dev.nn.api.init;

import dev.nn.api.internal.ProviderDiscovery;
import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.NamedProviders;
import dev.nn.api.spi.Params;
import java.util.SortedSet;

/**
 * Finds initializers by name among the {@link InitializerProvider}s on the module or class path. Providers are
 * discovered once per class loader (the thread's context class loader) or module layer and cached; one that fails
 * to load is skipped, logged once and listed, with its error, when a name is not found.
 */
public final class Initializers {
    private static final ProviderDiscovery<InitializerProvider, NamedProviders<InitializerProvider>> DISCOVERY =
            new ProviderDiscovery<>(InitializerProvider.class,
                    (found, failed) -> new NamedProviders<>("initializer", found, InitializerProvider::name, failed));

    private Initializers() {
    }

    /**
     * {@return the initializer}
     *
     * @param name a provider name such as {@code xavier_uniform}
     * @param params its typed parameters (gain, mode, nonlinearity, a, std, ...)
     * @throws dev.nn.api.spi.ProviderNotFoundException listing the available names, and the providers that failed
     *         to load, when none matches
     */
    public static Initializer create(String name, Params params) {
        return registry().find(name).create(params);
    }

    /** {@return the names of every installed initializer} */
    public static SortedSet<String> names() {
        return registry().names();
    }

    /**
     * {@return every installed provider by name and the ones that failed to load, discovered on the first call for the
     * thread's context class loader; later calls return the same registry}
     */
    public static NamedProviders<InitializerProvider> registry() {
        return DISCOVERY.forContextClassLoader();
    }

    /**
     * {@return the providers of the layer and its parents, discovered on the first call for the layer}
     *
     * @param layer a module layer, e.g. of plugins an application loaded into a layer of their own
     */
    public static NamedProviders<InitializerProvider> registry(ModuleLayer layer) {
        return DISCOVERY.forLayer(layer);
    }
}
