package dev.nn.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one float species every kernel uses, chosen once: the CPU's preferred width, or the width named by the
 * system property {@value #PROPERTY} (128, 256 or 512; tests use it to run the narrower code paths other CPUs take).
 */
final class SimdSpecies {
    /** System property that forces a vector width in bits. */
    static final String PROPERTY = "nn.simd.bits";
    /** Narrower vectors gain too little over scalar code to be worth a backend. */
    static final int MIN_BITS = 128;

    /** The float species of every kernel. */
    static final VectorSpecies<Float> FLOAT = choose();
    /** Doubles of FLOAT's width: half as many lanes. */
    static final VectorSpecies<Double> DOUBLE = VectorSpecies.of(double.class, FLOAT.vectorShape());
    /**
     * Floats of half FLOAT's width: exactly one DOUBLE's lanes, so widening to double and narrowing back are one
     * conversion each (no lane shuffling).
     */
    static final VectorSpecies<Float> FLOAT_HALF =
            VectorSpecies.of(float.class, VectorShape.forBitSize(FLOAT.vectorBitSize() / 2));

    private SimdSpecies() {
    }

    /** @return the width of {@link FloatVector#SPECIES_PREFERRED} in bits */
    static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    /**
     * @param requested the property's value, or null
     * @param preferred the CPU's preferred width
     * @return why no usable species can be chosen, or null when one can
     */
    static String problem(String requested, int preferred) {
        if (requested == null || requested.isBlank()) {
            return preferred >= MIN_BITS ? null
                    : "preferred vector width is " + preferred + " bits; cpu-simd needs at least " + MIN_BITS;
        }
        int bits;
        try {
            bits = Integer.parseInt(requested.strip());
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits != 128 && bits != 256 && bits != 512) {
            return PROPERTY + "=" + requested + " is not a vector width; use 128, 256 or 512 (or leave it unset)";
        }
        if (bits > preferred) {
            return PROPERTY + "=" + bits + " exceeds this CPU's " + preferred + "-bit vectors; use at most "
                    + preferred;
        }
        return null;
    }

    private static VectorSpecies<Float> choose() {
        String requested = System.getProperty(PROPERTY);
        String problem = problem(requested, preferredBits());
        if (problem != null) {
            throw new IllegalStateException("cpu-simd cannot choose a vector width: " + problem);
        }
        if (requested == null || requested.isBlank()) {
            return FloatVector.SPECIES_PREFERRED;
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(Integer.parseInt(requested.strip())));
    }
}
