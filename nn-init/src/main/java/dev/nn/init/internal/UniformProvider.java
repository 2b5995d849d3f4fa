package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.Params;
import dev.nn.init.Init;

/** {@code uniform}: U(a, b); defaults a=0, b=1. */
public final class UniformProvider extends BaseProvider {
    /** Does nothing; the work waits for {@link #create}. */
    public UniformProvider() {
        super("uniform", "a", "b");
    }

    @Override
    protected Initializer make(Params p) {
        return Init.uniform(p.getDouble("a", 0), p.getDouble("b", 1));
    }
}
