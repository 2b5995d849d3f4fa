package org.example.nnplugin;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.spi.NormalizationProvider;
import dev.nn.api.spi.Params;
import java.util.Set;

/** Discovered provider of {@code power_norm}: {@code num_features} (required), {@code eps} (1e-5), {@code momentum} (0.1). */
public final class PowerNormProvider implements NormalizationProvider {
    private static final String NAME = "power_norm";
    private static final Set<String> PARAMS = Set.of("num_features", "eps", "momentum");

    /** Does nothing: providers are cheap to discover. */
    public PowerNormProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> parameterNames() {
        return PARAMS;
    }

    @Override
    public Layer create(Backend backend, Params params) {
        params.requireOnly("normalization '" + NAME + "'", PARAMS);
        int features = params.requireInt("num_features");
        double eps = params.getDouble("eps", 1e-5);
        double momentum = params.getDouble("momentum", 0.1);
        if (features < 1 || !(eps > 0) || !(momentum > 0 && momentum <= 1)) {
            throw new IllegalArgumentException(NAME + ": expected num_features >= 1, eps > 0 and 0 < momentum <= 1, got "
                    + params + "; num_features is the channel count of the previous layer");
        }
        return new PowerNorm(backend, features, eps, momentum);
    }
}
