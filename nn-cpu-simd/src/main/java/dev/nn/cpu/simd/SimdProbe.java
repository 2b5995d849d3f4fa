package dev.nn.cpu.simd;

import dev.nn.api.spi.Availability;

/** The second probe step, loaded only once {@code jdk.incubator.vector} is known to be there. */
final class SimdProbe {
    private SimdProbe() {
    }

    /** @return available when the chosen float species has at least 128 bits, else why not */
    static Availability check() {
        try {
            String problem = SimdSpecies.problem(System.getProperty(SimdSpecies.PROPERTY),
                    SimdSpecies.preferredBits());
            return problem == null ? Availability.yes() : Availability.no(problem);
        } catch (LinkageError | SecurityException e) {
            return Availability.no("the Vector API failed to load: " + e);
        }
    }
}
