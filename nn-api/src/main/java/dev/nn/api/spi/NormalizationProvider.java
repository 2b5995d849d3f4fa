package dev.nn.api.spi;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import java.util.Set;

/** The discovered factory of a normalization {@link Layer}, found by name: {@code batch_norm}, {@code layer_norm}, ... */
public interface NormalizationProvider {
    /** {@return e.g. {@code batch_norm}} */
    String name();

    /** {@return the parameter names {@link #create} accepts; others are rejected} */
    Set<String> parameterNames();

    /**
     * {@return the layer}
     *
     * @param backend where the layer's parameters and buffers live
     * @param params typed parameters (num_features, eps, momentum, affine, ...)
     */
    Layer create(Backend backend, Params params);
}
