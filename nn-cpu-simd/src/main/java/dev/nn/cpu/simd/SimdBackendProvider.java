package dev.nn.cpu.simd;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.spi.Availability;
import dev.nn.api.spi.BackendProvider;
import java.util.Optional;

/**
 * Provides the {@code cpu-simd} backend, priority 100. This class never references a vector type, so it loads and
 * probes even where {@code jdk.incubator.vector} is absent (class-path use without {@code --add-modules}).
 */
public final class SimdBackendProvider implements BackendProvider {
    /** Name used in {@code -Dnn.backend=cpu-simd}. */
    public static final String NAME = "cpu-simd";

    /** The module the kernels need. */
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** Does nothing, as providers must. */
    public SimdBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Availability probe() {
        var layer = Optional.ofNullable(getClass().getModule().getLayer()).orElse(ModuleLayer.boot());
        return probe(layer);
    }

    /** The probe against a given layer: the vector module first, then the vector width (which loads its classes). */
    static Availability probe(ModuleLayer layer) {
        if (layer.findModule(VECTOR_MODULE).isEmpty()) {
            return Availability.no(VECTOR_MODULE + " not readable (add --add-modules " + VECTOR_MODULE + ")");
        }
        return SimdProbe.check();
    }

    @Override
    public Backend create(BackendConfig config) {
        Availability a = probe();
        if (!a.available()) {
            throw new IllegalStateException("Backend '" + NAME + "' cannot run here: " + a.reason());
        }
        return new SimdBackend(config);
    }
}
