package dev.nn.norm.internal;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.spi.NormalizationProvider;
import dev.nn.api.spi.Params;
import dev.nn.norm.InstanceNorm;
import java.util.Set;

/**
 * {@code instance_norm}: {@code num_features} (required), {@code dims} (1, 2 or 3 for InstanceNorm1d/2d/3d;
 * required), {@code eps} (1e-5), {@code momentum} (0.1), {@code affine} (false), {@code track_running_stats}
 * (false).
 */
public final class InstanceNormProvider implements NormalizationProvider {
    private static final Set<String> PARAMS =
            Set.of("num_features", "dims", "eps", "momentum", "affine", "track_running_stats");

    /** For ServiceLoader. */
    public InstanceNormProvider() {
    }

    @Override
    public String name() {
        return "instance_norm";
    }

    @Override
    public Set<String> parameterNames() {
        return PARAMS;
    }

    @Override
    public Layer create(Backend backend, Params params) {
        params.requireOnly("normalization 'instance_norm'", PARAMS);
        int c = params.requireInt("num_features");
        if (!params.has("dims")) {
            throw new IllegalArgumentException("instance_norm needs 'dims': 1, 2 or 3 spatial dimensions "
                    + "(InstanceNorm1d/2d/3d), e.g. Params.of(\"num_features\", 64, \"dims\", 2)");
        }
        InstanceNorm.Builder b = switch (params.requireInt("dims")) {
            case 1 -> InstanceNorm.instanceNorm1d(c);
            case 2 -> InstanceNorm.instanceNorm2d(c);
            case 3 -> InstanceNorm.instanceNorm3d(c);
            default -> throw new IllegalArgumentException("Parameter 'dims' of instance_norm must be 1, 2 or 3 "
                    + "(InstanceNorm1d/2d/3d), got " + params.get("dims"));
        };
        return b.optEps(params.getDouble("eps", 1e-5))
                .optMomentum(ProviderParams.nullableDouble(params, "momentum", 0.1))
                .optAffine(params.getBoolean("affine", false))
                .optTrackRunningStats(params.getBoolean("track_running_stats", false))
                .build(backend);
    }
}
