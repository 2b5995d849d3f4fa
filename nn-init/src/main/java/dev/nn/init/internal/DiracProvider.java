package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.Params;
import dev.nn.init.Init;

/** {@code dirac}: the Dirac delta on a convolution weight; default groups=1. */
public final class DiracProvider extends BaseProvider {
    /** Does nothing; the work waits for {@link #create}. */
    public DiracProvider() {
        super("dirac", "groups");
    }

    @Override
    protected Initializer make(Params p) {
        return Init.dirac(p.getInt("groups", 1));
    }
}
