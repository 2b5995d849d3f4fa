package org.example.nnplugin;

import dev.nn.api.init.Initializer;
import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.Params;
import java.util.Set;

/** Discovered provider of {@code scaled_orthogonal}: an orthogonal matrix times {@code scale} (default sqrt 2, ReLU gain). */
public final class ScaledOrthogonalProvider implements InitializerProvider {
    static final String NAME = "scaled_orthogonal";
    static final String SCALE = "scale";

    /** Does nothing: providers are cheap to discover. */
    public ScaledOrthogonalProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> parameterNames() {
        return Set.of(SCALE);
    }

    @Override
    public Initializer create(Params params) {
        params.requireOnly(NAME, parameterNames());
        double scale = params.getDouble(SCALE, Math.sqrt(2.0));
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException(NAME + ": scale must be a finite number > 0, got " + scale
                    + "; pass e.g. scale=1.0 for a plain orthogonal matrix");
        }
        return new ScaledOrthogonal(scale);
    }
}
