package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.Params;
import dev.nn.init.Init;

/** {@code eye}: the identity on a 2-D weight. No parameters. */
public final class EyeProvider extends BaseProvider {
    /** Does nothing; the work waits for {@link #create}. */
    public EyeProvider() {
        super("eye");
    }

    @Override
    protected Initializer make(Params p) {
        return Init.eye();
    }
}
