package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.Params;
import dev.nn.init.Init;

/** {@code orthogonal}: (semi-)orthogonal matrix times gain; default gain=1. */
public final class OrthogonalProvider extends BaseProvider {
    /** Does nothing; the work waits for {@link #create}. */
    public OrthogonalProvider() {
        super("orthogonal", "gain");
    }

    @Override
    protected Initializer make(Params p) {
        return Init.orthogonal(p.getDouble("gain", 1));
    }
}
