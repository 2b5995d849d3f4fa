package dev.nn.cli.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The charts' font: 5x7 pixel glyphs of printable ASCII (font5x7.txt beside this class), drawn at an integer
 * scale. Built in so that rendering needs no font files, no AWT and no fontconfig on the machine. A character
 * outside printable ASCII is drawn as '?'.
 */
final class BitmapFont {
    /** Glyph width in pixels at scale 1. */
    static final int GLYPH_WIDTH = 5;
    /** Height of capitals and digits at scale 1; descenders go two rows below. */
    static final int CAP_HEIGHT = 7;
    /** Rows of a glyph cell, descenders included. */
    static final int CELL_HEIGHT = 9;
    private static final int FIRST = 32;
    private static final int LAST = 126;
    /** Ink rows per character: bit (GLYPH_WIDTH - 1 - x) of row y is the pixel at (x, y). */
    private static final int[][] GLYPHS = load();

    private BitmapFont() {
    }

    /** {@return the width in pixels of {@code text} at {@code scale}: glyphs one pixel apart} */
    static int width(String text, int scale) {
        return text.isEmpty() ? 0 : (text.length() * (GLYPH_WIDTH + 1) - 1) * scale;
    }

    /** {@return the ink rows of {@code c}, top first} */
    static int[] glyph(char c) {
        return c >= FIRST && c <= LAST ? GLYPHS[c - FIRST] : GLYPHS['?' - FIRST];
    }

    /**
     * Draws {@code text} with its top-left corner at (x, y).
     *
     * @param raster where
     * @param text what
     * @param x left edge
     * @param y top of the capitals
     * @param scale pixel size of one glyph pixel
     * @param rgb ink colour
     * @param vertical read bottom to top (a y-axis label): the text runs up from (x, y)
     */
    static void draw(Raster raster, String text, int x, int y, int scale, int rgb, boolean vertical) {
        int advance = 0;
        for (int i = 0; i < text.length(); i++) {
            int[] rows = glyph(text.charAt(i));
            for (int gy = 0; gy < rows.length; gy++) {
                for (int gx = 0; gx < GLYPH_WIDTH; gx++) {
                    if ((rows[gy] >> (GLYPH_WIDTH - 1 - gx) & 1) == 0) {
                        continue;
                    }
                    int along = advance + gx * scale;
                    int across = gy * scale;
                    if (vertical) {
                        raster.fill(x + across, y - along - scale, scale, scale, rgb);
                    } else {
                        raster.fill(x + along, y + across, scale, scale, rgb);
                    }
                }
            }
            advance += (GLYPH_WIDTH + 1) * scale;
        }
    }

    private static int[][] load() {
        List<String> lines;
        try (InputStream in = BitmapFont.class.getResourceAsStream("font5x7.txt")) {
            if (in == null) {
                throw new IllegalStateException("font5x7.txt is missing beside " + BitmapFont.class.getName()
                        + ": the nn-cli jar is incomplete; rebuild it");
            }
            lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[][] glyphs = new int[LAST - FIRST + 1][];
        int i = 0;
        while (i < lines.size() && !isHeader(lines.get(i))) {
            i++;   // the comment above the first glyph
        }
        while (i < lines.size()) {
            char c = lines.get(i).charAt(1);
            int end = i + 1;
            while (end < lines.size() && !isHeader(lines.get(end))) {
                end++;
            }
            int[] rows = new int[end - i - 1];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = row(lines.get(i + 1 + r), c);
            }
            if (c < FIRST || c > LAST || rows.length > CELL_HEIGHT || glyphs[c - FIRST] != null) {
                throw new IllegalStateException("font5x7.txt: glyph '" + c + "' is out of range, taller than "
                        + CELL_HEIGHT + " rows, or defined twice");
            }
            glyphs[c - FIRST] = rows;
            i = end;
        }
        for (int c = FIRST; c <= LAST; c++) {
            if (glyphs[c - FIRST] == null) {
                throw new IllegalStateException("font5x7.txt has no glyph for '" + (char) c + "'");
            }
        }
        return glyphs;
    }

    private static boolean isHeader(String line) {
        return line.length() == 2 && line.charAt(0) == '=';
    }

    private static int row(String line, char c) {
        if (line.length() != GLYPH_WIDTH || !line.matches("[#.]+")) {
            throw new IllegalStateException("font5x7.txt: glyph '" + c + "' has the row '" + line + "'; rows are "
                    + GLYPH_WIDTH + " characters of '#' and '.'");
        }
        int bits = 0;
        for (int x = 0; x < GLYPH_WIDTH; x++) {
            bits = bits << 1 | (line.charAt(x) == '#' ? 1 : 0);
        }
        return bits;
    }
}
