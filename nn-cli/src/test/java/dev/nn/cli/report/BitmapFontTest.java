package dev.nn.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BitmapFontTest {
    @Test
    void everyPrintableCharacterButSpaceHasInk() {
        for (char c = '!'; c <= '~'; c++) {
            int ink = 0;
            for (int row : BitmapFont.glyph(c)) {
                ink |= row;
            }
            assertTrue(ink != 0, "glyph '" + c + "' is blank");
        }
    }

    @Test
    void charactersOutsideAsciiAreDrawnAsAQuestionMark() {
        assertArrayEquals(BitmapFont.glyph('?'), BitmapFont.glyph('\u00b1'));
    }

    @Test
    void glyphsAreFivePixelsApartPlusOne() {
        assertEquals(0, BitmapFont.width("", 2));
        assertEquals(5, BitmapFont.width("l", 1));
        assertEquals(17, BitmapFont.width("abc", 1));
        assertEquals(34, BitmapFont.width("abc", 2));
    }

    @Test
    void anIIsAColumnWithSerifsInsideItsCell() {
        Raster raster = new Raster(20, 20);
        BitmapFont.draw(raster, "I", 3, 4, 2, 0x000000, false);
        int inkTop = Integer.MAX_VALUE;
        int inkBottom = -1;
        int inkLeft = Integer.MAX_VALUE;
        int inkRight = -1;
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                if (raster.get(x, y) == 0) {
                    inkTop = Math.min(inkTop, y);
                    inkBottom = Math.max(inkBottom, y);
                    inkLeft = Math.min(inkLeft, x);
                    inkRight = Math.max(inkRight, x);
                }
            }
        }
        // 7 rows of 2x2 pixels from y = 4; serifs 3 glyph pixels wide, centred in the 5-pixel cell from x = 3
        assertEquals(4, inkTop);
        assertEquals(4 + 14 - 1, inkBottom);
        assertEquals(3 + 2, inkLeft);
        assertEquals(3 + 2 + 6 - 1, inkRight);
        assertEquals(0, raster.get(3 + 4, 4 + 6), "the stem is ink");
        assertEquals(0xFFFFFF, raster.get(3 + 2, 4 + 6), "beside the stem is paper");
    }
}
