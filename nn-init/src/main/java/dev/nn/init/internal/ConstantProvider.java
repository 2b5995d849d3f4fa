package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.Params;
import dev.nn.init.Init;

/** {@code constant}: fills with {@code val} (required). */
public final class ConstantProvider extends BaseProvider {
    /** Does nothing; the work waits for {@link #create}. */
    public ConstantProvider() {
        super("constant", "val");
    }

    @Override
    protected Initializer make(Params p) {
        return Init.constant(p.requireDouble("val"));
    }
}
