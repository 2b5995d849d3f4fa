package dev.nn.cli.report;

/** What every chart shares: text size and the colours of ink, frame, grid and series. */
final class ChartStyle {
    /** Text is drawn with glyph pixels 2x2: 10 by 14 pixel capitals. */
    static final int TEXT = 2;
    /** Height of capitals at the text size. */
    static final int TEXT_HEIGHT = BitmapFont.CAP_HEIGHT * TEXT;
    static final int INK = 0x000000;
    static final int FRAME = 0x444444;
    static final int GRID = 0xDDDDDD;
    /** Series colours, in order; distinct in hue and lightness. */
    private static final int[] PALETTE = {0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2,
        0x7F7F7F, 0xBCBD22, 0x17BECF};

    private ChartStyle() {
    }

    /** {@return the colour of series {@code index}; the palette repeats after ten} */
    static int colour(int index) {
        return PALETTE[index % PALETTE.length];
    }
}
