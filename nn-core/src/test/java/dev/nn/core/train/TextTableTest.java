package dev.nn.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void ruledTableLeftAlignsTheFirstColumnAndFormatsDoublesToFourSignificantDigits() {
        String t = new TextTable("model", "val acc").row("dropout", 0.772).row("none", 0.748).toString();
        assertEquals("""
                model    val acc
                ----------------
                dropout   0.7720
                none      0.7480
                """, t);
    }

    @Test
    void fixedWidthsLayOutLikePrintfEvenWhenACellOverflows() {
        TextTable t = TextTable.aligned(new int[] {5, 11}, "epoch", "train_loss");
        t.noted("  <- kept", 1, TextTable.decimals(0.6120, 4)).row(2, TextTable.decimals(1.5e12, 4));
        String printf = String.format(Locale.ROOT, "%5s %11s%n%5d %11.4f  <- kept%n%5d %11.4f%n", "epoch",
                "train_loss", 1, 0.6120, 2, 1.5e12);
        assertEquals(printf, t.toString());
    }

    @Test
    void alignedWithoutWidthsFitsEachColumnToItsWidestCell() {
        assertEquals("""
                fold    loss
                   1  0.5000
                mean 0.05000
                """, TextTable.aligned("fold", "loss").row(1, 0.5).row("mean", 0.05).toString());
    }

    @Test
    void numberFormats() {
        assertEquals("0", TextTable.num(0));
        assertEquals("0.1826", TextTable.num(0.18257418583505536));
        assertEquals("2.701e+09", TextTable.num(2.701e9));
        assertEquals("5.240e-07", TextTable.num(-5.24e-7).substring(1));
        assertEquals("NaN", TextTable.num(Double.NaN));
        assertEquals("NaN", TextTable.decimals(Double.NaN, 4));
        assertEquals("2.1", TextTable.decimals(2.14, 1));
    }

    @Test
    void aRowOfTheWrongLengthOrWidthsOfTheWrongLengthAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TextTable("a", "b").row(1));
        assertEquals("Row of 1 cells for 2 columns [a, b]", e.getMessage());
        var w = assertThrows(IllegalArgumentException.class, () -> TextTable.aligned(new int[] {3}, "a", "b"));
        assertEquals("1 widths for 2 columns [a, b]; give one width per column", w.getMessage());
    }
}
