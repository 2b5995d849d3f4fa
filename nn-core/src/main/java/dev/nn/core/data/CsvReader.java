package dev.nn.core.data;

import dev.nn.api.tensor.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a CSV file of numeric feature columns and one label column into a {@link Dataset}. Cells are separated by
 * the delimiter and may be double-quoted ({@code ""} inside quotes is a quote). Every feature cell must be a decimal
 * number; a bad cell is reported as {@code file:line:column} (1-based, column counted in characters) with the
 * column's name. Labels are numbers (regression targets or classes), class indices checked where they are read
 * ({@link Builder#optClassIndices(boolean)}, by the rules of {@link ClassIndices}), or, with
 * {@link Builder#optClassLabels(boolean)}, class names mapped to indices in sorted order (scikit-learn's
 * {@code LabelEncoder}). A file of new samples to predict may have no label column
 * ({@link Builder#setNoLabelColumn()}). Blank lines are skipped; a UTF-8 byte order mark at the
 * start of the file (Excel's "CSV UTF-8") is not part of the first cell. Messages echo at most 40 characters of a
 * cell, then its length.
 */
public final class CsvReader {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final String labelName;
    private final int labelIndex;
    private final boolean noLabel;
    private final boolean header;
    private final char delimiter;
    private final boolean classLabels;
    private final boolean classIndices;
    private final int maxClasses;

    private CsvReader(Builder b) {
        this.labelName = b.labelName;
        this.labelIndex = b.labelIndex;
        this.noLabel = b.noLabel;
        this.header = b.header;
        this.delimiter = b.delimiter;
        this.classLabels = b.classLabels;
        this.classIndices = b.classIndices;
        this.maxClasses = b.maxClasses;
    }

    /** {@return a builder; the label column must be set} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return the samples, of shape {@code [number of feature columns]}}
     *
     * @param file the CSV file (UTF-8)
     * @throws DataException with {@code file:line:column} for a bad cell or row
     */
    public Dataset read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataException("CSV file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new DataException("Cannot read CSV file " + file + ": " + e, e);
        }
        return parse(lines, file.toString());
    }

    /**
     * {@return the samples}
     *
     * @param text CSV content
     * @param source the name used in messages
     */
    public Dataset parse(String text, String source) {
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            return parse(r.lines().toList(), source);
        } catch (IOException e) {
            throw new AssertionError("in-memory reader failed", e);
        }
    }

    private record Cell(String text, int column) {
    }

    private Dataset parse(List<String> lines, String source) {
        if (!lines.isEmpty() && lines.getFirst().startsWith("\uFEFF")) {
            lines = new ArrayList<>(lines);
            lines.set(0, lines.getFirst().substring(1));
        }
        List<String> names = null;
        int width = -1;
        int label = -1;
        List<float[]> rows = new ArrayList<>();
        List<String> rawLabels = new ArrayList<>();
        List<String> labelPlaces = new ArrayList<>();
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            if (line.isBlank()) {
                continue;
            }
            String at = source + ":" + (ln + 1);
            List<Cell> cells = split(line, at);
            if (width < 0) {
                width = cells.size();
                if (header) {
                    names = cells.stream().map(c -> c.text().strip()).toList();
                }
                label = noLabel ? -1 : labelColumn(names, width, at);
                if (!noLabel && width < 2) {
                    throw new DataException(at + ": found " + width + " column; a dataset needs at least one "
                            + "feature column and the label column (is the delimiter '" + delimiter + "' right?)");
                }
                if (header) {
                    continue;
                }
            }
            if (cells.size() != width) {
                throw new DataException(at + ": expected " + width + " columns" + (header ? " (as in the header)"
                        : " (as in the first row)") + ", got " + cells.size());
            }
            float[] row = new float[noLabel ? width : width - 1];
            for (int c = 0, k = 0; c < width; c++) {
                Cell cell = cells.get(c);
                String where = at + ":" + cell.column();
                if (c == label) {
                    rawLabels.add(cell.text().strip());
                    labelPlaces.add(where);
                } else {
                    row[k++] = number(cell.text(), where, names == null ? null : names.get(c), c);
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new DataException(source + " has no data rows" + (header ? " after the header" : ""));
        }
        int features = noLabel ? width : width - 1;
        float[] x = new float[rows.size() * features];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, x, i * features, features);
        }
        float[] y = new float[rows.size()];
        List<String> classes = List.of();
        if (noLabel) {
            return new Dataset(x, Shape.of(features), y, classes);
        }
        String labelName = names == null ? null : names.get(label);
        String inColumn = labelName == null ? "" : " in column '" + Texts.clip(labelName) + "'";
        if (classLabels) {
            Map<String, Integer> index = new TreeMap<>();
            rawLabels.forEach(l -> index.put(l, 0));
            if (index.size() > maxClasses) {
                throw new DataException(source + ": the labels" + inColumn + " name " + index.size() + " classes, "
                        + "more than the limit of " + maxClasses + "; a column of ids or numbers is not one of class "
                        + "names: check the label column, or if the data really has that many classes raise the "
                        + "limit (optMaxClasses)");
            }
            classes = List.copyOf(index.keySet());
            for (int i = 0; i < classes.size(); i++) {
                index.put(classes.get(i), i);
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = index.get(rawLabels.get(i));
            }
        } else if (classIndices) {
            int[] indices = new int[y.length];
            for (int i = 0; i < y.length; i++) {
                String raw = rawLabels.get(i);
                double v = NUMBER.matcher(raw).matches() ? Double.parseDouble(raw) : Double.NaN;
                indices[i] = ClassIndices.index(v, labelPlaces.get(i) + ": label '" + Texts.clip(raw) + "'"
                        + inColumn, maxClasses, "number the classes 0, 1, 2, ...");
                y[i] = indices[i];
            }
            ClassIndices.refuseMostlyEmpty(indices, source + inColumn, labelPlaces::get, "class labels number "
                    + "the classes 0..K-1, so these are corrupt, ids rather than classes, or the wrong column: check "
                    + "them, or renumber the classes 0..K-1");
        } else {
            for (int i = 0; i < y.length; i++) {
                String raw = rawLabels.get(i);
                if (!NUMBER.matcher(raw).matches()) {
                    throw new DataException(labelPlaces.get(i) + ": label '" + Texts.clip(raw) + "'" + inColumn
                            + " is not a number; for class names use optClassLabels(true)");
                }
                y[i] = Float.parseFloat(raw);
            }
        }
        return new Dataset(x, Shape.of(features), y, classes);
    }

    private int labelColumn(List<String> names, int width, String at) {
        if (labelName != null) {
            if (names == null) {
                throw new DataException("The label column is named '" + labelName + "' but the CSV reader was "
                        + "built without optHeader(true); name columns only in files with a header, else use an "
                        + "index");
            }
            int i = names.indexOf(labelName);
            if (i < 0) {
                throw new DataException(at + ": no column named '" + Texts.clip(labelName) + "'; the header has "
                        + names.stream().map(Texts::clip).toList());
            }
            return i;
        }
        int i = labelIndex < 0 ? width + labelIndex : labelIndex;
        if (i < 0 || i >= width) {
            throw new DataException(at + ": label column index " + labelIndex + " is out of range for " + width
                    + " columns (use 0.." + (width - 1) + ", or -1 for the last)");
        }
        return i;
    }

    private static float number(String text, String where, String name, int index) {
        String s = text.strip();
        if (!NUMBER.matcher(s).matches()) {
            String col = name == null ? "column " + (index + 1) : "column '" + Texts.clip(name) + "'";
            throw new DataException(where + ": cannot read '" + Texts.clip(text) + "' in " + col + " as a number; "
                    + "feature cells must be decimal numbers (fill or drop missing values before loading)");
        }
        float v = Float.parseFloat(s);
        if (Float.isInfinite(v)) {
            throw new DataException(where + ": " + s + " overflows float32");
        }
        return v;
    }

    /** Splits one line into cells, remembering the 1-based character column where each starts. */
    private List<Cell> split(String line, String at) {
        List<Cell> cells = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            int start = i;
            StringBuilder cell = new StringBuilder();
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new DataException(at + ":" + (start + 1) + ": quoted cell is not closed on this line "
                                + "(quoted line breaks are not supported)");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        cell.append(c);
                    }
                }
                if (i < n && line.charAt(i) != delimiter) {
                    throw new DataException(at + ":" + (i + 1) + ": unexpected '" + line.charAt(i) + "' after a "
                            + "quoted cell; expected the delimiter '" + delimiter + "'");
                }
            } else {
                while (i < n && line.charAt(i) != delimiter) {
                    cell.append(line.charAt(i++));
                }
            }
            cells.add(new Cell(cell.toString(), start + 1));
            if (i >= n) {
                return cells;
            }
            i++; // the delimiter
        }
    }

    /** Settings of a {@link CsvReader}. */
    public static final class Builder {
        private String labelName;
        private int labelIndex = Integer.MIN_VALUE;
        private boolean noLabel;
        private boolean header = true;
        private char delimiter = ',';
        private boolean classLabels;
        private boolean classIndices;
        private int maxClasses = ClassIndices.DEFAULT_MAX_CLASSES;

        private Builder() {
        }

        /**
         * {@return this}
         *
         * @param name the label column's header name (needs a header)
         */
        public Builder setLabelColumn(String name) {
            this.labelName = name;
            this.labelIndex = Integer.MIN_VALUE;
            this.noLabel = false;
            return this;
        }

        /**
         * {@return this}
         *
         * @param index the label column's 0-based index; negative counts from the end (-1 = last)
         */
        public Builder setLabelColumn(int index) {
            this.labelIndex = index;
            this.labelName = null;
            this.noLabel = false;
            return this;
        }

        /**
         * Every column is a feature, as in a file of new samples to predict; every label is 0.
         *
         * @return this
         */
        public Builder setNoLabelColumn() {
            this.noLabel = true;
            this.labelName = null;
            this.labelIndex = Integer.MIN_VALUE;
            return this;
        }

        /**
         * {@return this}
         *
         * @param header whether the first non-blank line names the columns (default true)
         */
        public Builder optHeader(boolean header) {
            this.header = header;
            return this;
        }

        /**
         * {@return this}
         *
         * @param delimiter the cell separator (default ',')
         */
        public Builder optDelimiter(char delimiter) {
            if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
                throw new DataException("CSV delimiter cannot be a quote or a line break, got '" + delimiter + "'");
            }
            this.delimiter = delimiter;
            return this;
        }

        /**
         * {@return this}
         *
         * @param classLabels labels are class names, mapped to indices in sorted order (default false: numbers)
         */
        public Builder optClassLabels(boolean classLabels) {
            this.classLabels = classLabels;
            return this;
        }

        /**
         * {@return this}
         *
         * @param classIndices labels are class indices 0..K-1, checked as they are read: a label that is not an
         *                     integer, is at or above the class limit, or leaves most classes empty fails with its
         *                     {@code file:line:column} (default false: any number, e.g. regression targets)
         */
        public Builder optClassIndices(boolean classIndices) {
            this.classIndices = classIndices;
            return this;
        }

        /**
         * {@return this}
         *
         * @param maxClasses the most classes the labels may number or name (default
         *                   {@link ClassIndices#DEFAULT_MAX_CLASSES}); with {@link #optClassIndices(boolean)} or
         *                   {@link #optClassLabels(boolean)}
         */
        public Builder optMaxClasses(int maxClasses) {
            if (maxClasses < 1) {
                throw new DataException("optMaxClasses must be >= 1, got " + maxClasses);
            }
            this.maxClasses = maxClasses;
            return this;
        }

        /** {@return the reader} */
        public CsvReader build() {
            if (classLabels && classIndices) {
                throw new DataException("CsvReader: optClassLabels(true) reads labels as class names, "
                        + "optClassIndices(true) as class indices; choose one");
            }
            if (labelName == null && labelIndex == Integer.MIN_VALUE && !noLabel) {
                throw new DataException("CsvReader needs the label column: setLabelColumn(\"name\") or "
                        + "setLabelColumn(index), or setNoLabelColumn() for features only");
            }
            return new CsvReader(this);
        }
    }
}
