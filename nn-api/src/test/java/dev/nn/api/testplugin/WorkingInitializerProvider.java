package dev.nn.api.testplugin;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.Params;
import java.util.Set;

/** A plugin initializer that loads: fills a tensor with {@code value} (default 0). */
public final class WorkingInitializerProvider implements InitializerProvider {
    /** For ServiceLoader. */
    public WorkingInitializerProvider() {
    }

    @Override
    public String name() {
        return "plugin_fill";
    }

    @Override
    public Set<String> parameterNames() {
        return Set.of("value");
    }

    @Override
    public Initializer create(Params params) {
        params.requireOnly("initializer '" + name() + "'", parameterNames());
        float value = (float) params.getDouble("value", 0.0);
        return (tensor, random) -> tensor.backend().fill(tensor, value);
    }
}
