package dev.nn.norm.internal;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.spi.NormalizationProvider;
import dev.nn.api.spi.Params;
import dev.nn.norm.GroupNorm;
import java.util.Set;

/** {@code group_norm}: {@code num_groups}, {@code num_channels} (required), {@code eps} (1e-5), {@code affine} (true). */
public final class GroupNormProvider implements NormalizationProvider {
    private static final Set<String> PARAMS = Set.of("num_groups", "num_channels", "eps", "affine");

    /** For ServiceLoader. */
    public GroupNormProvider() {
    }

    @Override
    public String name() {
        return "group_norm";
    }

    @Override
    public Set<String> parameterNames() {
        return PARAMS;
    }

    @Override
    public Layer create(Backend backend, Params params) {
        params.requireOnly("normalization 'group_norm'", PARAMS);
        return new GroupNorm(backend, params.requireInt("num_groups"), params.requireInt("num_channels"),
                params.getDouble("eps", 1e-5), params.getBoolean("affine", true));
    }
}
