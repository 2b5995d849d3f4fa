package dev.nn.init.internal;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.Params;
import dev.nn.init.Init;

/** {@code sparse}: N(0, std^2) with a fraction {@code sparsity} (required) of each column zeroed; default std=0.01. */
public final class SparseProvider extends BaseProvider {
    /** Does nothing; the work waits for {@link #create}. */
    public SparseProvider() {
        super("sparse", "sparsity", "std");
    }

    @Override
    protected Initializer make(Params p) {
        return Init.sparse(p.requireDouble("sparsity"), p.getDouble("std", 0.01));
    }
}
