package dev.nn.norm.internal;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.spi.NormalizationProvider;
import dev.nn.api.spi.Params;
import dev.nn.norm.BatchNorm;
import java.util.Set;

/**
 * {@code batch_norm}: {@code num_features} (required), {@code dims} (1, 2 or 3 for BatchNorm1d/2d/3d; absent =
 * any {@code (N, C, *)}), {@code eps} (1e-5), {@code momentum} (0.1; null = cumulative average), {@code affine}
 * (true), {@code track_running_stats} (true).
 */
public final class BatchNormProvider implements NormalizationProvider {
    private static final Set<String> PARAMS =
            Set.of("num_features", "dims", "eps", "momentum", "affine", "track_running_stats");

    /** For ServiceLoader. */
    public BatchNormProvider() {
    }

    @Override
    public String name() {
        return "batch_norm";
    }

    @Override
    public Set<String> parameterNames() {
        return PARAMS;
    }

    @Override
    public Layer create(Backend backend, Params params) {
        params.requireOnly("normalization 'batch_norm'", PARAMS);
        int c = params.requireInt("num_features");
        BatchNorm.Builder b = switch (params.has("dims") ? params.requireInt("dims") : 0) {
            case 0 -> BatchNorm.builder(c);
            case 1 -> BatchNorm.batchNorm1d(c);
            case 2 -> BatchNorm.batchNorm2d(c);
            case 3 -> BatchNorm.batchNorm3d(c);
            default -> throw new IllegalArgumentException("Parameter 'dims' of batch_norm must be 1, 2 or 3 "
                    + "(BatchNorm1d/2d/3d), or absent for any (N, C, *) input; got " + params.get("dims"));
        };
        return b.optEps(params.getDouble("eps", 1e-5))
                .optMomentum(ProviderParams.nullableDouble(params, "momentum", 0.1))
                .optAffine(params.getBoolean("affine", true))
                .optTrackRunningStats(params.getBoolean("track_running_stats", true))
                .build(backend);
    }
}
