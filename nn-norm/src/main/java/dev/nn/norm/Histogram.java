package dev.nn.norm;

import java.util.Arrays;

/**
 * Counts of values in equal-width bins over {@code [lo, hi)}, plus the values below and at or above the range.
 *
 * @param lo lower edge of the first bin
 * @param hi upper edge of the last bin
 * @param counts values per bin
 * @param below values {@code < lo}
 * @param above values {@code >= hi}
 */
public record Histogram(double lo, double hi, long[] counts, long below, long above) {
    /**
     * Validates and copies.
     * @param lo low edge
     * @param hi high edge
     * @param counts bins
     * @param below under
     * @param above over
     */
    public Histogram {
        if (!(lo < hi) || counts.length == 0) {
            throw new IllegalArgumentException("A histogram needs lo < hi and at least one bin, got [" + lo + ", "
                    + hi + ") with " + counts.length + " bins");
        }
        counts = counts.clone();
    }

    /**
     * {@return the histogram}
     *
     * @param values the data (NaN counts as above)
     * @param bins number of bins
     * @param lo lower edge
     * @param hi upper edge
     */
    public static Histogram of(float[] values, int bins, double lo, double hi) {
        if (bins <= 0 || !(lo < hi)) {
            throw new IllegalArgumentException("A histogram needs bins > 0 and lo < hi, got bins=" + bins + ", range=["
                    + lo + ", " + hi + ")");
        }
        long[] counts = new long[bins];
        long below = 0;
        long above = 0;
        double width = (hi - lo) / bins;
        for (float v : values) {
            if (v < lo) {
                below++;
            } else if (!(v < hi)) {
                above++;
            } else {
                counts[Math.min(bins - 1, (int) ((v - lo) / width))]++;
            }
        }
        return new Histogram(lo, hi, counts, below, above);
    }

    /** {@return the counts per bin (a copy)} */
    @Override
    public long[] counts() {
        return counts.clone();
    }

    /**
     * {@return its lower edge}
     *
     * @param bin a bin index
     */
    public double binLo(int bin) {
        return lo + (hi - lo) * bin / counts.length;
    }

    /** {@return every counted value, including those outside the range} */
    public long total() {
        return Arrays.stream(counts).sum() + below + above;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && lo == h.lo && hi == h.hi && below == h.below && above == h.above
                && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts) * 31 + Double.hashCode(lo);
    }

    @Override
    public String toString() {
        return "Histogram[" + lo + ", " + hi + ") " + Arrays.toString(counts) + " below=" + below + " above=" + above;
    }
}
