package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.Params;
import dev.nn.init.Init;

/** {@code lecun_normal}: Keras' LeCun normal, variance scaling (1, fan_in, truncated_normal). No parameters. */
public final class LecunNormalProvider extends BaseProvider {
    /** Does nothing; the work waits for {@link #create}. */
    public LecunNormalProvider() {
        super("lecun_normal");
    }

    @Override
    protected Initializer make(Params p) {
        return Init.lecunNormal();
    }
}
