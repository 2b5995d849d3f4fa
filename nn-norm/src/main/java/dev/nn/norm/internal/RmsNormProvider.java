package dev.nn.norm.internal;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.spi.NormalizationProvider;
import dev.nn.api.spi.Params;
import dev.nn.norm.RMSNorm;
import java.util.Set;

/**
 * {@code rms_norm}: {@code normalized_shape} (required), {@code eps} (null = float32 machine epsilon),
 * {@code elementwise_affine} (true).
 */
public final class RmsNormProvider implements NormalizationProvider {
    private static final Set<String> PARAMS = Set.of("normalized_shape", "eps", "elementwise_affine");

    /** For ServiceLoader. */
    public RmsNormProvider() {
    }

    @Override
    public String name() {
        return "rms_norm";
    }

    @Override
    public Set<String> parameterNames() {
        return PARAMS;
    }

    @Override
    public Layer create(Backend backend, Params params) {
        params.requireOnly("normalization 'rms_norm'", PARAMS);
        return new RMSNorm(backend, ProviderParams.shape(params, "normalized_shape", "rms_norm"),
                ProviderParams.nullableDouble(params, "eps", null), params.getBoolean("elementwise_affine", true));
    }
}
