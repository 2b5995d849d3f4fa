package dev.nn.api.init;

import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.NamedProviders;
import dev.nn.api.spi.Params;
import java.util.ServiceLoader;
import java.util.SortedSet;

/** Finds initializers by name among the {@link InitializerProvider}s on the module or class path. */
public final class Initializers {
    private Initializers() {
    }

    /**
     * @param name a provider name such as {@code xavier_uniform}
     * @param params its typed parameters (gain, mode, nonlinearity, a, std, ...)
     * @return the initializer
     * @throws dev.nn.api.spi.ProviderNotFoundException listing the available names when none matches
     */
    public static Initializer create(String name, Params params) {
        return registry().find(name).create(params);
    }

    /** @return the names of every installed initializer */
    public static SortedSet<String> names() {
        return registry().names();
    }

    /** @return every installed provider by name, freshly discovered */
    public static NamedProviders<InitializerProvider> registry() {
        return new NamedProviders<>("initializer", ServiceLoader.load(InitializerProvider.class),
                InitializerProvider::name);
    }
}
