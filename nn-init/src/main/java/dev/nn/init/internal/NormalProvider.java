package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.Params;
import dev.nn.init.Init;

/** {@code normal}: N(mean, std^2); defaults mean=0, std=1. */
public final class NormalProvider extends BaseProvider {
    /** Does nothing; the work waits for {@link #create}. */
    public NormalProvider() {
        super("normal", "mean", "std");
    }

    @Override
    protected Initializer make(Params p) {
        return Init.normal(p.getDouble("mean", 0), p.getDouble("std", 1));
    }
}
