package dev.nn.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.tck.BackendTestKit;
import org.junit.jupiter.api.Test;

/**
 * The backend test kit on cpu-simd: every kernel against the scalar reference and known answers, memory and its
 * lifetime, and bit-identical results on 1 to 4 threads. The build runs it again at 128- and 256-bit vectors.
 */
class SimdBackendKitTest extends BackendTestKit {
    @Override
    protected String providerName() {
        return SimdBackendProvider.NAME;
    }

    @Test
    void runsWithTheRequestedVectorWidth() {
        String requested = System.getProperty(SimdSpecies.PROPERTY);
        int expected = requested == null ? SimdSpecies.preferredBits() : Integer.parseInt(requested);
        assertEquals(expected, SimdSpecies.FLOAT.vectorBitSize());
        assertEquals(SimdBackend.class, backend().getClass());
        assertEquals(2, ((SimdBackend) backend()).threads(), "the kit's backend runs on two threads");
    }
}
