package dev.nn.cli.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A plain-text table with right-aligned columns, for the printed results and {@code summary.txt}. */
final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = List.of(header);
    }

    /** Adds a row; numbers are formatted with {@link #num}, anything else with {@code toString}. */
    TextTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("Row of " + cells.length + " cells for " + header.size()
                    + " columns " + header);
        }
        rows.add(Arrays.stream(cells).map(c -> c instanceof Double d ? num(d) : String.valueOf(c)).toList());
        return this;
    }

    /** @return 4 significant digits, or scientific notation for very small or large magnitudes */
    static String num(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e5 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.3e", v);
    }

    @Override
    public String toString() {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> r : rows) {
                widths[c] = Math.max(widths[c], r.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, widths);
        int total = Arrays.stream(widths).sum() + 2 * (widths.length - 1);
        sb.append("-".repeat(total)).append('\n');
        rows.forEach(r -> line(sb, r, widths));
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] widths) {
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            sb.append(c == 0 ? cell + pad : pad + cell);
            sb.append(c + 1 < cells.size() ? "  " : "\n");
        }
    }
}
