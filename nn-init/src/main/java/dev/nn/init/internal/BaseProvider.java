package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.Params;
import java.util.Set;

/** A provider with a fixed name and parameter set; unknown parameter names are rejected before creation. */
public abstract class BaseProvider implements InitializerProvider {
    private final String name;
    private final Set<String> parameterNames;

    /**
     * @param name the stable name
     * @param parameterNames the accepted parameter names
     */
    protected BaseProvider(String name, String... parameterNames) {
        this.name = name;
        this.parameterNames = Set.of(parameterNames);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Set<String> parameterNames() {
        return parameterNames;
    }

    @Override
    public final Initializer create(Params params) {
        Params given = params == null ? Params.empty() : params;
        given.requireOnly("initializer '" + name + "'", parameterNames);
        return make(given);
    }

    /**
     * @param params checked to hold only known names
     * @return the initializer
     */
    protected abstract Initializer make(Params params);
}
