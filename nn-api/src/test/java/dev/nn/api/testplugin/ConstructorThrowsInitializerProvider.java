package dev.nn.api.testplugin;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.Params;
import java.util.Set;

/** A broken plugin initializer: its constructor throws. */
public final class ConstructorThrowsInitializerProvider implements InitializerProvider {
    /** The message of the constructor's exception. */
    public static final String MESSAGE = "initializer constructor failed on purpose";

    /** Always throws. */
    public ConstructorThrowsInitializerProvider() {
        throw new IllegalStateException(MESSAGE);
    }

    @Override
    public String name() {
        return "broken_fill";
    }

    @Override
    public Set<String> parameterNames() {
        return Set.of();
    }

    @Override
    public Initializer create(Params params) {
        return (tensor, random) -> tensor.backend().fill(tensor, 0f);
    }
}
