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
     * @param expected the reference value
     * @param actual the computed value
     * @return whether actual is within tolerance
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
