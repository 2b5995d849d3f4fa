package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.Params;
import dev.nn.init.Init;

/** {@code xavier_uniform}: Glorot uniform; default gain=1. */
public final class XavierUniformProvider extends BaseProvider {
    /** Does nothing; the work waits for {@link #create}. */
    public XavierUniformProvider() {
        super("xavier_uniform", "gain");
    }

    @Override
    protected Initializer make(Params p) {
        return Init.xavierUniform(p.getDouble("gain", 1));
    }
}
