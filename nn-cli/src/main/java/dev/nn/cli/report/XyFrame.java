package dev.nn.cli.report;

import static dev.nn.cli.report.ChartStyle.FRAME;
import static dev.nn.cli.report.ChartStyle.GRID;
import static dev.nn.cli.report.ChartStyle.INK;
import static dev.nn.cli.report.ChartStyle.TEXT;
import static dev.nn.cli.report.ChartStyle.TEXT_HEIGHT;

import java.util.ArrayList;
import java.util.List;

/**
 * The frame of an x-y chart, 900 by 560 pixels: title, axes with grid lines, ticks and their labels, axis labels
 * and a legend below. Maps values to pixels for what is drawn inside.
 */
final class XyFrame {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final int LEGEND_ROW = 24;
    private final Raster raster = new Raster(WIDTH, HEIGHT);
    private final Axis x;
    private final Axis y;
    private final int left;
    private final int top;
    private final int right;
    private final int bottom;

    private XyFrame(Axis x, Axis y, int left, int top, int right, int bottom) {
        this.x = x;
        this.y = y;
        this.left = left;
        this.top = top;
        this.right = right;
        this.bottom = bottom;
    }

    /**
     * {@return a frame drawn on a fresh picture, ready for the chart's marks}
     *
     * @param legend the series names, coloured in palette order
     */
    static XyFrame layout(String title, String xLabel, String yLabel, Axis x, Axis y, List<String> legend) {
        int tickWidth = y.labels().stream().mapToInt(l -> BitmapFont.width(l, TEXT)).max().orElse(0);
        int left = 16 + TEXT_HEIGHT + 12 + tickWidth + 8;
        int right = WIDTH - 30;
        List<List<Integer>> rows = legendRows(legend, right - left);
        int bottom = HEIGHT - 10 - rows.size() * LEGEND_ROW - 12 - TEXT_HEIGHT - 12 - TEXT_HEIGHT - 10;
        XyFrame plot = new XyFrame(x, y, left, 56, right, bottom);
        plot.drawFrame(title, xLabel, yLabel);
        plot.drawLegend(legend, rows);
        return plot;
    }

    /** {@return the picture, to draw the chart's marks on} */
    Raster raster() {
        return raster;
    }

    /** {@return the pixel column of x value {@code value}} */
    double px(double value) {
        return left + x.fraction(value) * (right - left);
    }

    /** {@return the pixel row of y value {@code value}} */
    double py(double value) {
        return bottom - y.fraction(value) * (bottom - top);
    }

    private void drawFrame(String title, String xLabel, String yLabel) {
        int titleScale = BitmapFont.width(title, TEXT) <= WIDTH - 24 ? TEXT : 1;
        BitmapFont.draw(raster, title, (WIDTH - BitmapFont.width(title, titleScale)) / 2, 16, titleScale, INK,
                false);
        for (int i = 0; i < y.ticks().size(); i++) {
            int at = (int) Math.round(py(y.ticks().get(i)));
            if (at >= top && at <= bottom) {
                raster.fill(left, at, right - left, 1, GRID);
                raster.fill(left - 5, at, 5, 1, FRAME);
                String label = y.labels().get(i);
                BitmapFont.draw(raster, label, left - 8 - BitmapFont.width(label, TEXT), at - TEXT_HEIGHT / 2,
                        TEXT, INK, false);
            }
        }
        int every = xLabelStride();
        for (int i = 0; i < x.ticks().size(); i++) {
            int at = (int) Math.round(px(x.ticks().get(i)));
            if (at >= left && at <= right) {
                raster.fill(at, top, 1, bottom - top, GRID);
                raster.fill(at, bottom, 1, 5, FRAME);
                if (i % every == 0) {
                    String label = x.labels().get(i);
                    BitmapFont.draw(raster, label, at - BitmapFont.width(label, TEXT) / 2, bottom + 12, TEXT, INK,
                            false);
                }
            }
        }
        raster.outline(left, top, right - left + 1, bottom - top + 1, FRAME);
        BitmapFont.draw(raster, xLabel, (left + right - BitmapFont.width(xLabel, TEXT)) / 2,
                bottom + 12 + TEXT_HEIGHT + 12, TEXT, INK, false);
        BitmapFont.draw(raster, yLabel, 16, (top + bottom + BitmapFont.width(yLabel, TEXT)) / 2, TEXT, INK, true);
    }

    /** Labels every n-th x tick so that neighbouring labels keep at least a glyph's width apart. */
    private int xLabelStride() {
        int widest = x.labels().stream().mapToInt(l -> BitmapFont.width(l, TEXT)).max().orElse(0);
        double spacing = x.ticks().size() < 2 ? Double.MAX_VALUE : px(x.ticks().get(1)) - px(x.ticks().get(0));
        return (int) Math.max(1, Math.ceil((widest + 12) / spacing));
    }

    /** Legend entries (swatch and name) flow left to right and wrap; returns the entry indices per row. */
    private static List<List<Integer>> legendRows(List<String> names, int width) {
        List<List<Integer>> rows = new ArrayList<>();
        List<Integer> row = new ArrayList<>();
        int used = 0;
        for (int i = 0; i < names.size(); i++) {
            int entry = entryWidth(names.get(i));
            if (!row.isEmpty() && used + entry > width) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            row.add(i);
            used += entry;
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private static int entryWidth(String name) {
        return 20 + 8 + BitmapFont.width(name, TEXT) + 28;
    }

    private void drawLegend(List<String> names, List<List<Integer>> rows) {
        int rowTop = HEIGHT - 10 - rows.size() * LEGEND_ROW;
        for (List<Integer> row : rows) {
            int at = left;
            for (int i : row) {
                int colour = ChartStyle.colour(i);
                raster.fill(at, rowTop + TEXT_HEIGHT / 2 - 1, 20, 3, colour);
                raster.dot(at + 10, rowTop + TEXT_HEIGHT / 2 + 0.5, 3, colour);
                BitmapFont.draw(raster, names.get(i), at + 28, rowTop, TEXT, INK, false);
                at += entryWidth(names.get(i));
            }
            rowTop += LEGEND_ROW;
        }
    }
}
