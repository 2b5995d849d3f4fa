package dev.nn.api.testplugin;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.spi.NormalizationProvider;
import dev.nn.api.spi.Params;
import java.util.Set;

/** A broken plugin normalization: its static initializer throws. */
public final class StaticInitThrowsNormalizationProvider implements NormalizationProvider {
    /** The message of the static initializer's exception. */
    public static final String MESSAGE = "normalization static initializer failed on purpose";
    private static final String NAME = failToInitialize();

    /** For ServiceLoader; never runs, the class does not initialize. */
    public StaticInitThrowsNormalizationProvider() {
    }

    private static String failToInitialize() {
        throw new IllegalStateException(MESSAGE);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> parameterNames() {
        return Set.of();
    }

    @Override
    public Layer create(Backend backend, Params params) {
        throw new IllegalStateException("unreachable: " + NAME + " never initializes");
    }
}
