package dev.nn.conformance;

/**
 * The golden files' rule: {@code |actual - expected| <= abs + rel * |expected|}, elementwise. NaN matches only
 * NaN; infinities match only themselves.
 *
 * @param abs absolute part
 * @param rel relative part
 */
public record Tolerance(double abs, double rel) {
    /** Exact comparison (integers, indices). */
    public static final Tolerance EXACT = new Tolerance(0, 0);

    /**
     * Checks that both tolerances are non-negative.
     *
     * @param abs absolute part, finite and >= 0
     * @param rel relative part, finite and >= 0
     * @throws IllegalArgumentException for an infinite bound (it accepts anything) or a NaN or negative one (it
     *                                  accepts nothing)
     */
    public Tolerance {
        if (!(abs >= 0 && rel >= 0) || Double.isInfinite(abs) || Double.isInfinite(rel)) {
            throw new IllegalArgumentException("A tolerance needs finite bounds >= 0, got abs=" + abs + ", rel=" + rel
                    + "; Infinity accepts any value, NaN or a negative bound none");
        }
    }

    /**
     * {@return whether actual is within tolerance}
     *
     * @param expected the reference value
     * @param actual the computed value
     */
    public boolean accepts(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return expected == actual;
        }
        return Math.abs(actual - expected) <= abs + rel * Math.abs(expected);
    }
}
