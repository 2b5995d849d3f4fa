package dev.nn.api.norm;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.internal.ProviderDiscovery;
import dev.nn.api.spi.NamedProviders;
import dev.nn.api.spi.NormalizationProvider;
import dev.nn.api.spi.Params;
import java.util.Map;
import java.util.SortedSet;

/**
 * Finds normalization layers by name among the {@link NormalizationProvider}s on the module or class path.
 * Providers are discovered once per class loader (the thread's context class loader) or module layer and cached;
 * one that fails to load is skipped, logged once and listed, with its error, when a name is not found.
 */
public final class Normalizations {
    /** nn's own normalizations: a runtime without their module is told to add it. */
    private static final String NORM_MODULE = "dev.nn.norm";
    private static final Map<String, String> HOMES = Map.of("batch_norm", NORM_MODULE, "layer_norm", NORM_MODULE,
            "group_norm", NORM_MODULE, "instance_norm", NORM_MODULE, "rms_norm", NORM_MODULE);
    private static final ProviderDiscovery<NormalizationProvider, NamedProviders<NormalizationProvider>> DISCOVERY =
            new ProviderDiscovery<>(NormalizationProvider.class, (found, failed) ->
                    new NamedProviders<>("normalization", found, NormalizationProvider::name, failed, HOMES));

    private Normalizations() {
    }

    /**
     * {@return the layer}
     *
     * @param name {@code batch_norm}, {@code layer_norm}, {@code group_norm}, {@code instance_norm}, {@code rms_norm}, ...
     * @param backend where the layer's parameters live
     * @param params its parameters (num_features, eps, momentum, affine, ...)
     * @throws dev.nn.api.spi.ProviderNotFoundException listing the available names, and the providers that failed
     *         to load, when none matches
     */
    public static Layer create(String name, Backend backend, Params params) {
        return registry().find(name).create(backend, params);
    }

    /** {@return the names of every installed normalization} */
    public static SortedSet<String> names() {
        return registry().names();
    }

    /**
     * {@return every installed provider by name and the ones that failed to load, discovered on the first call for the
     * thread's context class loader; later calls return the same registry}
     */
    public static NamedProviders<NormalizationProvider> registry() {
        return DISCOVERY.forContextClassLoader();
    }

    /**
     * {@return the providers of the layer and its parents, discovered on the first call for the layer}
     *
     * @param layer a module layer, e.g. of plugins an application loaded into a layer of their own
     */
    public static NamedProviders<NormalizationProvider> registry(ModuleLayer layer) {
        return DISCOVERY.forLayer(layer);
    }
}
