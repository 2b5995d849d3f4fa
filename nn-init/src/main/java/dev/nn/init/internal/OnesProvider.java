package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.Params;
import dev.nn.init.Init;

/** {@code ones}: fills with 1. No parameters. */
public final class OnesProvider extends BaseProvider {
    /** Does nothing; the work waits for {@link #create}. */
    public OnesProvider() {
        super("ones");
    }

    @Override
    protected Initializer make(Params p) {
        return Init.ones();
    }
}
