package dev.nn.api.testplugin;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.spi.NormalizationProvider;
import dev.nn.api.spi.Params;
import dev.nn.api.tensor.Tensor;
import java.util.Set;

/** A plugin normalization that loads: the identity, which passes values and gradients through. */
public final class WorkingNormalizationProvider implements NormalizationProvider {
    /** For ServiceLoader. */
    public WorkingNormalizationProvider() {
    }

    @Override
    public String name() {
        return "plugin_identity";
    }

    @Override
    public Set<String> parameterNames() {
        return Set.of();
    }

    @Override
    public Layer create(Backend backend, Params params) {
        params.requireOnly("normalization '" + name() + "'", parameterNames());
        return new Layer() {
            @Override
            public Tensor forward(Tensor x, Mode mode) {
                return x;
            }

            @Override
            public Tensor backward(Tensor gradOutput) {
                return gradOutput;
            }
        };
    }
}
