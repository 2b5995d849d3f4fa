package dev.nn.norm.internal;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.spi.NormalizationProvider;
import dev.nn.api.spi.Params;
import dev.nn.norm.LayerNorm;
import java.util.Set;

/**
 * {@code layer_norm}: {@code normalized_shape} (required: an int, int[] or list), {@code eps} (1e-5),
 * {@code elementwise_affine} (true), {@code bias} (true).
 */
public final class LayerNormProvider implements NormalizationProvider {
    private static final Set<String> PARAMS = Set.of("normalized_shape", "eps", "elementwise_affine", "bias");

    /** For ServiceLoader. */
    public LayerNormProvider() {
    }

    @Override
    public String name() {
        return "layer_norm";
    }

    @Override
    public Set<String> parameterNames() {
        return PARAMS;
    }

    @Override
    public Layer create(Backend backend, Params params) {
        params.requireOnly("normalization 'layer_norm'", PARAMS);
        return new LayerNorm(backend, ProviderParams.shape(params, "normalized_shape", "layer_norm"),
                params.getDouble("eps", 1e-5), params.getBoolean("elementwise_affine", true),
                params.getBoolean("bias", true));
    }
}
