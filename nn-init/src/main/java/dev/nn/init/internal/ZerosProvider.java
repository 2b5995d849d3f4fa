package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.Params;
import dev.nn.init.Init;

/** {@code zeros}: fills with 0. No parameters. */
public final class ZerosProvider extends BaseProvider {
    /** Does nothing; the work waits for {@link #create}. */
    public ZerosProvider() {
        super("zeros");
    }

    @Override
    protected Initializer make(Params p) {
        return Init.zeros();
    }
}
