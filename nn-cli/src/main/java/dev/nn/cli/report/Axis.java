package dev.nn.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chart axis: the value range it shows, its ticks with their labels, and the mapping from a value to a
 * fraction of the axis length. Linear ticks are 1, 2 or 5 times a power of ten, about six of them; logarithmic
 * ticks are the powers of ten in range.
 *
 * @param min the value at the start of the axis
 * @param max the value at its end, greater than min
 * @param log whether values are placed by their logarithm
 * @param ticks the values that get a tick, grid line and label, ascending
 * @param labels the tick labels, one per tick
 */
record Axis(double min, double max, boolean log, List<Double> ticks, List<String> labels) {
    private static final int TARGET_TICKS = 6;

    /**
     * A linear axis covering {@code [low, high]} with a little room on both sides.
     *
     * @param low the smallest value to show
     * @param high the largest value to show
     * @param integers whether ticks must be whole numbers (epochs, layers)
     */
    static Axis linear(double low, double high, boolean integers) {
        if (!(high > low)) {
            double pad = low == 0 ? 1 : Math.abs(low) * 0.1;
            low -= pad;
            high += pad;
        } else {
            double pad = (high - low) * 0.04;
            low -= pad;
            high += pad;
        }
        double step = niceStep((high - low) / TARGET_TICKS);
        if (integers) {
            step = Math.max(1, Math.round(step));
        }
        List<Double> ticks = new ArrayList<>();
        for (long i = (long) Math.ceil(low / step); i * step <= high + step * 1e-9; i++) {
            ticks.add(i * step);
        }
        int decimals = integers ? 0 : Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        List<String> labels = ticks.stream().map(t -> String.format(Locale.ROOT, "%." + decimals + "f", t)
                .replaceFirst("^-(0\\.?0*)$", "$1")).toList();
        return new Axis(low, high, false, ticks, labels);
    }

    /**
     * A logarithmic axis covering {@code [low, high]}, both positive, from one power of ten below to one above.
     *
     * @param low the smallest value to show
     * @param high the largest value to show
     */
    static Axis logarithmic(double low, double high) {
        int first = (int) Math.floor(Math.log10(low));
        int last = (int) Math.ceil(Math.log10(high));
        if (last == first) {
            last++;
        }
        List<Double> ticks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int e = first; e <= last; e++) {
            ticks.add(Math.pow(10, e));
            labels.add(e >= -2 && e <= 3 ? String.format(Locale.ROOT, "%." + Math.max(0, -e) + "f", Math.pow(10, e))
                    : "1e" + e);
        }
        return new Axis(Math.pow(10, first), Math.pow(10, last), true, List.copyOf(ticks), List.copyOf(labels));
    }

    /** {@return where {@code value} lies along the axis: 0 at min, 1 at max} */
    double fraction(double value) {
        return log ? (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
                : (value - min) / (max - min);
    }

    /** The smallest of 1, 2 or 5 times a power of ten that is at least {@code rough}. */
    private static double niceStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= rough * (1 - 1e-9)) {
                return m * power;
            }
        }
        return 10 * power;
    }
}
