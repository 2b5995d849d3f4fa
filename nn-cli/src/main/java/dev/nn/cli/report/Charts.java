package dev.nn.cli.report;

import static dev.nn.cli.report.ChartStyle.FRAME;
import static dev.nn.cli.report.ChartStyle.INK;
import static dev.nn.cli.report.ChartStyle.TEXT;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Renders the report's charts to PNG bytes: line charts, overlaid histograms and a confusion-matrix heat map, each
 * with a title, axes with tick labels and a legend. Drawn by nn itself ({@link Raster}, {@link BitmapFont},
 * {@link PngEncoder}, framed by {@link XyFrame}): no AWT, no fonts on the machine, so the jlink image of nn needs neither java.desktop nor a
 * charting library (19 MB of the image).
 */
public final class Charts {
    private Charts() {
    }

    /**
     * One named series of points.
     *
     * @param name legend label
     * @param x abscissae
     * @param y ordinates, same length
     */
    public record Series(String name, double[] x, double[] y) {
        /** Rejects mismatched lengths. */
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("Series '" + name + "' has " + x.length + " x values but "
                        + y.length + " y values");
            }
        }
    }

    /**
     * A line chart with a marker on every point; a point whose value is not finite (or not positive on a
     * logarithmic axis) is skipped, breaking its line.
     *
     * @param title chart title
     * @param xLabel x axis label
     * @param yLabel y axis label
     * @param series the lines, drawn with point markers
     * @param logY use a logarithmic y axis when the values span two decades or more (activation std by depth);
     *             a narrower range stays linear, where log ticks would be unreadable
     * @return PNG bytes
     */
    public static byte[] lines(String title, String xLabel, String yLabel, List<Series> series, boolean logY) {
        boolean log = logY && spansDecades(series);
        double[] xRange = range(series, Series::x, false);
        double[] yRange = range(series, Series::y, log);
        boolean integerX = series.stream().allMatch(s -> Arrays.stream(s.x()).allMatch(v -> v == Math.rint(v)));
        Axis x = Axis.linear(xRange[0], xRange[1], integerX);
        Axis y = log ? Axis.logarithmic(yRange[0], yRange[1]) : Axis.linear(yRange[0], yRange[1], false);
        List<String> names = series.stream().map(Series::name).toList();
        XyFrame plot = XyFrame.layout(title, xLabel, yLabel, x, y, names);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            int colour = ChartStyle.colour(i);
            double[] previous = null;
            for (int p = 0; p < s.x().length; p++) {
                double value = s.y()[p];
                if (!Double.isFinite(value) || !Double.isFinite(s.x()[p]) || log && value <= 0) {
                    previous = null;
                    continue;
                }
                double[] at = {plot.px(s.x()[p]), plot.py(value)};
                if (previous != null) {
                    plot.raster().line(previous[0], previous[1], at[0], at[1], 2, colour);
                }
                plot.raster().dot(at[0], at[1], 3, colour);
                previous = at;
            }
        }
        return PngEncoder.encode(plot.raster());
    }

    private static boolean spansDecades(List<Series> series) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Series s : series) {
            for (double y : s.y()) {
                if (y > 0 && Double.isFinite(y)) {
                    min = Math.min(min, y);
                    max = Math.max(max, y);
                }
            }
        }
        return max / min >= 100;
    }

    /** The finite (and, for a log axis, positive) extent of one coordinate over all series; [0, 1] when none. */
    private static double[] range(List<Series> series, java.util.function.Function<Series, double[]> values,
            boolean positive) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : values.apply(s)) {
                if (Double.isFinite(v) && (!positive || v > 0)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return min <= max ? new double[] {min, max} : new double[] {positive ? 0.1 : 0, 1};
    }

    /**
     * Overlaid histograms (e.g. pre-activations with and without BatchNorm), each bar the fraction of its series'
     * values in that bin, drawn 60 % opaque so that overlaps show.
     *
     * @param title chart title
     * @param xLabel value axis label
     * @param samples values by legend label
     * @param bins number of bins over the common range
     * @return PNG bytes
     */
    public static byte[] histograms(String title, String xLabel, Map<String, double[]> samples, int bins) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] v : samples.values()) {
            for (double d : v) {
                if (Double.isFinite(d)) {
                    min = Math.min(min, d);
                    max = Math.max(max, d);
                }
            }
        }
        if (!(min <= max)) {
            min = 0;
            max = 1;
        } else if (!(max > min)) {
            max = min + 1;
        }
        List<double[]> fractions = new ArrayList<>();
        double highest = 0;
        for (double[] v : samples.values()) {
            double[] share = new double[bins];
            long counted = Arrays.stream(v).filter(Double::isFinite).count();
            for (double d : v) {
                if (Double.isFinite(d)) {
                    int bin = (int) Math.min(bins - 1, Math.floor((d - min) / (max - min) * bins));
                    share[bin] += 1.0 / counted;
                }
            }
            highest = Math.max(highest, Arrays.stream(share).max().orElse(0));
            fractions.add(share);
        }
        Axis x = Axis.linear(min, max, false);
        Axis y = Axis.linear(0, Math.max(highest, 1e-9), false);
        XyFrame plot = XyFrame.layout(title, xLabel, "fraction of values", x, y, List.copyOf(samples.keySet()));
        double width = (max - min) / bins;
        for (int s = 0; s < fractions.size(); s++) {
            int colour = ChartStyle.colour(s);
            for (int b = 0; b < bins; b++) {
                if (fractions.get(s)[b] > 0) {
                    int left = (int) Math.round(plot.px(min + b * width));
                    int right = (int) Math.round(plot.px(min + (b + 1) * width));
                    int top = (int) Math.round(plot.py(fractions.get(s)[b]));
                    int bottom = (int) Math.round(plot.py(0));
                    plot.raster().blend(left, top, Math.max(1, right - left), bottom - top, colour, 0.6);
                }
            }
        }
        return PngEncoder.encode(plot.raster());
    }

    /**
     * A confusion matrix as a heat map with counts: rows are true classes, columns predictions. A cell's shade is
     * its share of the row: blue on the diagonal (right), red off it (wrong).
     *
     * @param title chart title
     * @param counts {@code counts[true][predicted]}
     * @param labels class names
     * @return PNG bytes
     */
    public static byte[] confusionMatrix(String title, int[][] counts, List<String> labels) {
        int k = counts.length;
        int cell = Math.max(36, Math.min(64, 640 / Math.max(k, 1)));
        int longest = 0;
        for (int i = 0; i < k; i++) {
            longest = Math.max(longest, BitmapFont.width(label(labels, i), TEXT));
        }
        int labelScale = longest <= 220 ? TEXT : 1;
        int margin = Math.max(60, Math.min(240, longest / (TEXT / labelScale) + 24));
        int left = margin;
        int top = 80;
        int width = Math.max(left + k * cell + 40, BitmapFont.width(title, TEXT) + 24);
        int height = top + k * cell + margin + 10;
        Raster raster = new Raster(width, height);
        BitmapFont.draw(raster, title, 12, 14, TEXT, INK, false);
        BitmapFont.draw(raster, "rows: true class, columns: predicted class", 12, 44, 1 + TEXT / 2, INK, false);
        for (int r = 0; r < k; r++) {
            int rowTotal = 0;
            for (int c = 0; c < k; c++) {
                rowTotal += counts[r][c];
            }
            for (int c = 0; c < k; c++) {
                double share = rowTotal == 0 ? 0 : counts[r][c] / (double) rowTotal;
                int shade = (int) Math.round(255 * (1 - share));
                int colour = r == c ? shade << 16 | shade << 8 | 0xFF : 0xFF << 16 | shade << 8 | shade;
                raster.fill(left + c * cell, top + r * cell, cell, cell, colour);
                String text = Integer.toString(counts[r][c]);
                int scale = BitmapFont.width(text, TEXT) <= cell - 6 ? TEXT : 1;
                BitmapFont.draw(raster, text, left + c * cell + (cell - BitmapFont.width(text, scale)) / 2,
                        top + r * cell + (cell - BitmapFont.CAP_HEIGHT * scale) / 2, scale,
                        share > 0.5 ? 0xFFFFFF : INK, false);
            }
            BitmapFont.draw(raster, label(labels, r), 8, top + r * cell + (cell - BitmapFont.CAP_HEIGHT * labelScale) / 2,
                    labelScale, INK, false);
        }
        raster.outline(left - 1, top - 1, k * cell + 2, k * cell + 2, FRAME);
        for (int c = 0; c < k; c++) {
            String text = label(labels, c);
            BitmapFont.draw(raster, text, left + c * cell + (cell - BitmapFont.CAP_HEIGHT * labelScale) / 2,
                    top + k * cell + 8 + BitmapFont.width(text, labelScale), labelScale, INK, true);
        }
        return PngEncoder.encode(raster);
    }

    private static String label(List<String> labels, int i) {
        return i < labels.size() ? labels.get(i) : Integer.toString(i);
    }
}
