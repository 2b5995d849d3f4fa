package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.Params;
import dev.nn.init.Init;

/** {@code lecun_uniform}: Keras' LeCun uniform, variance scaling (1, fan_in, uniform). No parameters. */
public final class LecunUniformProvider extends BaseProvider {
    /** Does nothing; the work waits for {@link #create}. */
    public LecunUniformProvider() {
        super("lecun_uniform");
    }

    @Override
    protected Initializer make(Params p) {
        return Init.lecunUniform();
    }
}
