package dev.nn.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Renders the report's charts to PNG bytes, headless (JFreeChart; the confusion matrix is drawn directly). */
public final class Charts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

    static {
        System.setProperty("java.awt.headless", "true");
    }

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
     * @param title chart title
     * @param xLabel x axis label
     * @param yLabel y axis label
     * @param series the lines, drawn with point markers
     * @param logY use a logarithmic y axis when the values span two decades or more (activation std by depth);
     *             a narrower range stays linear, where log ticks would be unreadable
     * @return PNG bytes
     */
    public static byte[] lines(String title, String xLabel, String yLabel, List<Series> series, boolean logY) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.x().length; i++) {
                if (!logY || s.y()[i] > 0) {
                    xy.add(s.x()[i], s.y()[i]);
                }
            }
            data.addSeries(xy);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        if (logY && spansDecades(series)) {
            LogAxis axis = new LogAxis(yLabel);
            axis.setSmallestValue(1e-12);
            plot.setRangeAxis(axis);
        }
        if (series.stream().allMatch(s -> java.util.Arrays.stream(s.x()).allMatch(v -> v == Math.rint(v)))) {
            ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        style(plot);
        return png(chart);
    }

    private static boolean spansDecades(List<Series> series) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Series s : series) {
            for (double y : s.y()) {
                if (y > 0) {
                    min = Math.min(min, y);
                    max = Math.max(max, y);
                }
            }
        }
        return max / min >= 100;
    }

    /**
     * Overlaid histograms (e.g. pre-activations with and without BatchNorm).
     *
     * @param title chart title
     * @param xLabel value axis label
     * @param samples values by legend label
     * @param bins number of bins over the common range
     * @return PNG bytes
     */
    public static byte[] histograms(String title, String xLabel, Map<String, double[]> samples, int bins) {
        HistogramDataset data = new HistogramDataset();
        data.setType(HistogramType.RELATIVE_FREQUENCY);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] v : samples.values()) {
            for (double d : v) {
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
        }
        if (!(max > min)) {
            max = min + 1;
        }
        for (Map.Entry<String, double[]> e : samples.entrySet()) {
            data.addSeries(e.getKey(), e.getValue(), bins, min, max);
        }
        JFreeChart chart = ChartFactory.createHistogram(title, xLabel, "fraction of values", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setForegroundAlpha(0.6f);
        ((XYBarRenderer) plot.getRenderer()).setShadowVisible(false);
        ((XYBarRenderer) plot.getRenderer()).setDrawBarOutline(false);
        style(plot);
        return png(chart);
    }

    /**
     * A confusion matrix as a heat map with counts: rows are true classes, columns predictions.
     *
     * @param title chart title
     * @param counts {@code counts[true][predicted]}
     * @param labels class names
     * @return PNG bytes
     */
    public static byte[] confusionMatrix(String title, int[][] counts, List<String> labels) {
        int k = counts.length;
        int cell = Math.max(36, Math.min(64, 640 / Math.max(k, 1)));
        int left = 140;
        int top = 70;
        int width = left + k * cell + 40;
        int height = top + k * cell + 130;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 12, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("rows: true class, columns: predicted class", 12, 50);
        for (int r = 0; r < k; r++) {
            int rowTotal = 0;
            for (int c = 0; c < k; c++) {
                rowTotal += counts[r][c];
            }
            for (int c = 0; c < k; c++) {
                double share = rowTotal == 0 ? 0 : counts[r][c] / (double) rowTotal;
                int shade = (int) Math.round(255 * (1 - share));
                g.setColor(r == c ? new Color(shade, shade, 255) : new Color(255, shade, shade));
                g.fillRect(left + c * cell, top + r * cell, cell, cell);
                g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                String text = Integer.toString(counts[r][c]);
                g.drawString(text, left + c * cell + (cell - g.getFontMetrics().stringWidth(text)) / 2,
                        top + r * cell + cell / 2 + 5);
            }
            g.setColor(Color.BLACK);
            g.drawString(label(labels, r), 8, top + r * cell + cell / 2 + 5);
        }
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(Math.PI / 2);
        for (int c = 0; c < k; c++) {
            rotated.drawString(label(labels, c), top + k * cell + 8, -(left + c * cell + cell / 2 - 5));
        }
        rotated.dispose();
        g.dispose();
        return png(image);
    }

    private static String label(List<String> labels, int i) {
        return i < labels.size() ? labels.get(i) : Integer.toString(i);
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    }

    private static byte[] png(JFreeChart chart) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // in-memory stream: cannot happen
        }
    }

    private static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
