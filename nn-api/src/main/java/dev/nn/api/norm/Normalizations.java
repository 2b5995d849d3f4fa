package dev.nn.api.norm;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.spi.NamedProviders;
import dev.nn.api.spi.NormalizationProvider;
import dev.nn.api.spi.Params;
import java.util.ServiceLoader;
import java.util.SortedSet;

/** Finds normalization layers by name among the {@link NormalizationProvider}s on the module or class path. */
public final class Normalizations {
    private Normalizations() {
    }

    /**
     * @param name {@code batch_norm}, {@code layer_norm}, {@code group_norm}, {@code instance_norm}, {@code rms_norm}, ...
     * @param backend where the layer's parameters live
     * @param params its parameters (num_features, eps, momentum, affine, ...)
     * @return the layer
     * @throws dev.nn.api.spi.ProviderNotFoundException listing the available names when none matches
     */
    public static Layer create(String name, Backend backend, Params params) {
        return registry().find(name).create(backend, params);
    }

    /** @return the names of every installed normalization */
    public static SortedSet<String> names() {
        return registry().names();
    }

    /** @return every installed provider by name, freshly discovered */
    public static NamedProviders<NormalizationProvider> registry() {
        return new NamedProviders<>("normalization", ServiceLoader.load(NormalizationProvider.class),
                NormalizationProvider::name);
    }
}
