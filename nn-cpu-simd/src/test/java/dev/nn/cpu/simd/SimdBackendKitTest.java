package dev.nn.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.backend.Backends;
import org.junit.jupiter.api.Test;

/** The conformance suite on cpu-simd with two threads (run again by the build at 128- and 256-bit vectors). */
class SimdConformanceTest extends BackendConformance {
    private final Backend simd = Backends.select(SimdBackendProvider.NAME, new BackendConfig(2));

    @Override
    Backend backend() {
        return simd;
    }

    @Test
    void runsWithTheRequestedVectorWidth() {
        String requested = System.getProperty(SimdSpecies.PROPERTY);
        int expected = requested == null ? SimdSpecies.preferredBits() : Integer.parseInt(requested);
        assertEquals(expected, SimdSpecies.FLOAT.vectorBitSize());
        assertEquals(SimdBackendProvider.NAME, simd.name());
        assertEquals(2, ((SimdBackend) simd).threads());
    }
}
