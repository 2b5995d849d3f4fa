package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.Params;
import dev.nn.init.Init;

/** {@code trunc_normal}: N(mean, std^2) cut to the absolute interval [a, b]; defaults mean=0, std=1, a=-2, b=2. */
public final class TruncNormalProvider extends BaseProvider {
    /** Does nothing; the work waits for {@link #create}. */
    public TruncNormalProvider() {
        super("trunc_normal", "mean", "std", "a", "b");
    }

    @Override
    protected Initializer make(Params p) {
        return Init.truncNormal(p.getDouble("mean", 0), p.getDouble("std", 1), p.getDouble("a", -2),
                p.getDouble("b", 2));
    }
}
