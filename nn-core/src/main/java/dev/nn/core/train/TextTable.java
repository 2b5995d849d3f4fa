package dev.nn.core.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A plain-text table, the one formatter behind the {@code toString()} of training results ({@link History}, the
 * cross-validation and learning-curve results of {@code dev.nn.validate}) and the tables the {@code nn} command
 * prints. Two layouts:
 * <ul>
 *   <li>{@link #TextTable(String...) new TextTable(header...)}: every column as wide as its widest cell, the first
 *       left-aligned and the others right-aligned, two spaces apart, a rule of dashes under the header (the
 *       {@code nn experiment} tables);</li>
 *   <li>{@link #aligned(String...)}: every column right-aligned, one space apart, no rule (the {@code nn train}
 *       epoch table and the {@code nn cv} fold table); {@link #aligned(int[], String...)} pads each column to a
 *       fixed width the way {@code printf("%5s")} does, so a cell wider than its column shifts only its own
 *       line.</li>
 * </ul>
 * Cells that are {@code Double} are formatted with {@link #num}; anything else with {@code String.valueOf} (format
 * fixed decimals with {@link #decimals}).
 *
 * <pre>{@code
 * new TextTable("model", "val acc").row("dropout", 0.772).row("none", 0.748)
 * // model    val acc
 * // ----------------
 * // dropout   0.7720
 * // none      0.7480
 * }</pre>
 */
public final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final boolean ruled;
    private final int[] fixedWidths;

    /**
     * A table with a rule under the header, a left-aligned first column and right-aligned others.
     *
     * @param header the column names
     */
    public TextTable(String... header) {
        this(List.of(header), true, null);
    }

    private TextTable(List<String> header, boolean ruled, int[] fixedWidths) {
        this.header = header;
        this.ruled = ruled;
        this.fixedWidths = fixedWidths;
    }

    /**
     * {@return a table of right-aligned columns, each as wide as its widest cell, one space apart, without a rule}
     *
     * @param header the column names
     */
    public static TextTable aligned(String... header) {
        return new TextTable(List.of(header), false, null);
    }

    /**
     * {@return a table of right-aligned columns padded to fixed widths, one space apart, without a rule: the layout
     * of {@code printf("%5s %11s%n", ...)}}
     *
     * @param widths the width of each column, one per header name
     * @param header the column names
     * @throws IllegalArgumentException when there is not one width per column
     */
    public static TextTable aligned(int[] widths, String... header) {
        if (widths.length != header.length) {
            throw new IllegalArgumentException(widths.length + " widths for " + header.length + " columns "
                    + Arrays.toString(header) + "; give one width per column");
        }
        return new TextTable(List.of(header), false, widths.clone());
    }

    /**
     * Adds a row.
     *
     * @param cells one per column
     * @return this
     * @throws IllegalArgumentException when the number of cells differs from the number of columns
     */
    public TextTable row(Object... cells) {
        return noted("", cells);
    }

    /**
     * Adds a row followed by a note outside the columns, e.g. {@code "  <- kept"}.
     *
     * @param note text appended to the line as it is (empty for none)
     * @param cells one per column
     * @return this
     * @throws IllegalArgumentException when the number of cells differs from the number of columns
     */
    public TextTable noted(String note, Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("Row of " + cells.length + " cells for " + header.size()
                    + " columns " + header);
        }
        rows.add(Arrays.stream(cells).map(TextTable::cell).toList());
        notes.add(note);
        return this;
    }

    private static String cell(Object c) {
        return c instanceof Double d ? num(d) : String.valueOf(c);
    }

    /**
     * {@return 4 significant digits, or scientific notation for magnitudes below 1e-3 or from 1e5}
     *
     * @param v the number; 0, NaN and infinities print as {@code 0}, {@code NaN}, {@code Infinity}
     */
    public static String num(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e5 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.3e", v);
    }

    /**
     * {@return the number with a fixed count of decimals, as {@code printf("%.4f")} writes it}
     *
     * @param v the number
     * @param decimals digits after the point, {@code >= 0}
     */
    public static String decimals(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** {@return the header, the rule if any and every row, each line ending with a newline} */
    @Override
    public String toString() {
        int[] widths = fixedWidths != null ? fixedWidths : new int[header.size()];
        if (fixedWidths == null) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = header.get(c).length();
                for (List<String> r : rows) {
                    widths[c] = Math.max(widths[c], r.get(c).length());
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, widths, "");
        if (ruled) {
            int total = Arrays.stream(widths).sum() + 2 * (widths.length - 1);
            sb.append("-".repeat(total)).append('\n');
        }
        for (int r = 0; r < rows.size(); r++) {
            line(sb, rows.get(r), widths, notes.get(r));
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, List<String> cells, int[] widths, String note) {
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(Math.max(0, widths[c] - cell.length()));
            sb.append(c == 0 && ruled ? cell + pad : pad + cell);
            sb.append(c + 1 < cells.size() ? (ruled ? "  " : " ") : note + "\n");
        }
    }
}
