package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.Params;
import dev.nn.init.Init;

/** {@code xavier_normal}: Glorot normal; default gain=1. */
public final class XavierNormalProvider extends BaseProvider {
    /** Does nothing; the work waits for {@link #create}. */
    public XavierNormalProvider() {
        super("xavier_normal", "gain");
    }

    @Override
    protected Initializer make(Params p) {
        return Init.xavierNormal(p.getDouble("gain", 1));
    }
}
