package dev.nn.cli.testplugin;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.Params;
import java.util.Arrays;
import java.util.Set;

/**
 * An initializer only {@code PluginPathTest}'s jar provides: every weight 0.5, so a run that used it is easy to
 * recognise in the saved model.
 */
public final class HalfInitializerProvider implements InitializerProvider {
    /** The name the test asks for. */
    public static final String NAME = "test_half";

    /** Does nothing: providers are cheap to discover. */
    public HalfInitializerProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> parameterNames() {
        return Set.of();
    }

    @Override
    public Initializer create(Params params) {
        params.requireOnly(NAME, parameterNames());
        return (tensor, random) -> {
            float[] values = new float[tensor.size()];
            Arrays.fill(values, 0.5f);
            tensor.backend().write(tensor, values);
        };
    }
}
