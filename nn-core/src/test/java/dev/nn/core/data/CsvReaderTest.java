package dev.nn.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.tensor.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV parsing on the Iris file and on small broken inputs. */
class CsvReaderTest {
    static final Path IRIS = Path.of("src/test/resources/dev/nn/core/data/iris.csv");

    static Dataset iris() {
        return CsvReader.builder().setLabelColumn("species").optClassLabels(true).build().read(IRIS);
    }

    @Test
    void readsIris() {
        Dataset d = iris();
        assertEquals(150, d.size());
        assertEquals(Shape.of(4), d.sampleShape());
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, d.features(0));
        assertArrayEquals(new float[] {5.9f, 3.0f, 5.1f, 1.8f}, d.features(149));
        int[] counts = new int[3];
        for (float l : d.labels()) {
            counts[(int) l]++;
        }
        assertArrayEquals(new int[] {50, 50, 50}, counts);
    }

    @Test
    void labelByIndexNumericLabelsQuotesAndOtherDelimiters() {
        String text = "\"a;b\";y;c\n1.5;0;-2e-1\n\n\"3\";1;.5\n";
        Dataset d = CsvReader.builder().setLabelColumn(1).optDelimiter(';').build().parse(text, "t.csv");
        assertArrayEquals(new float[] {1.5f, -0.2f, 3f, 0.5f}, d.features());
        assertArrayEquals(new float[] {0, 1}, d.labels());
        Dataset noHeader = CsvReader.builder().setLabelColumn(-1).optHeader(false).build()
                .parse("1,2,3\n4,5,6\n", "n.csv");
        assertArrayEquals(new float[] {3, 6}, noHeader.labels());
        assertArrayEquals(new float[] {1, 2, 4, 5}, noHeader.features());
    }

    private static String error(CsvReader r, String text) {
        return assertThrows(DataException.class, () -> r.parse(text, "d.csv")).getMessage();
    }

    @Test
    void badCellsAreReportedAsFileLineColumn() {
        CsvReader r = CsvReader.builder().setLabelColumn("y").build();
        assertEquals("d.csv:3:5: cannot read 'abc' in column 'b' as a number; feature cells must be decimal "
                + "numbers (fill or drop missing values before loading)", error(r, "a,b,y\n1,2,0\n1.0,abc,1\n"));
        assertTrue(error(r, "a,b,y\n1,,0\n").startsWith("d.csv:2:3: cannot read '' in column 'b'"));
        assertTrue(error(r, "a,b,y\n1,NaN,0\n").startsWith("d.csv:2:3: cannot read 'NaN'"));
        assertEquals("d.csv:3: expected 3 columns (as in the header), got 2", error(r, "a,b,y\n1,2,0\n1,2\n"));
        assertTrue(error(r, "a,b,y\n1,2,cat\n").startsWith("d.csv:2:5: label 'cat' in column 'y' is not a number; "
                + "for class names use optClassLabels(true)"));
        assertEquals("d.csv:1: no column named 'y'; the header has [a, b, c]", error(r, "a,b,c\n1,2,3\n"));
        assertEquals("d.csv has no data rows after the header", error(r, "a,b,y\n\n"));
        assertTrue(error(r, "a,b,y\n\"1,2,0\n").startsWith("d.csv:2:1: quoted cell is not closed"));
        assertTrue(error(CsvReader.builder().setLabelColumn(5).build(), "a,b\n1,2\n")
                .contains("label column index 5 is out of range for 2 columns"));
        assertTrue(assertThrows(DataException.class, () -> CsvReader.builder().build()).getMessage()
                .contains("needs the label column"));
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstColumnsName(@TempDir Path tmp) throws IOException {
        // Excel's "CSV UTF-8" starts the file with U+FEFF
        Path bom = Files.write(tmp.resolve("bom.csv"), "\uFEFFy,a\n0,1.5\n1,2.5\n".getBytes(StandardCharsets.UTF_8));
        Dataset d = CsvReader.builder().setLabelColumn("y").build().read(bom);
        assertArrayEquals(new float[] {0, 1}, d.labels());
        assertArrayEquals(new float[] {1.5f, 2.5f}, d.features());
        Dataset parsed = CsvReader.builder().setLabelColumn("y").build().parse("\uFEFFy,a\n0,1.5\n", "p.csv");
        assertArrayEquals(new float[] {1.5f}, parsed.features());
        // without a header the mark is not part of the first number either
        Dataset noHeader = CsvReader.builder().setLabelColumn(-1).optHeader(false).build().parse("\uFEFF1,0\n", "n");
        assertArrayEquals(new float[] {1}, noHeader.features());
    }

    @Test
    void longCellsAreClippedInMessages() {
        String cell = "x".repeat(1_000_000);
        CsvReader r = CsvReader.builder().setLabelColumn("y").build();
        String m = error(r, "a,b,y\n1," + cell + ",0\n");
        assertEquals("d.csv:2:3: cannot read '" + "x".repeat(40) + "…(1000000 chars)' in column 'b' as a number; "
                + "feature cells must be decimal numbers (fill or drop missing values before loading)", m);
        m = error(r, "a,b,y\n1,2," + cell + "\n");
        assertTrue(m.startsWith("d.csv:2:5: label '" + "x".repeat(40) + "…(1000000 chars)' in column 'y' is not "), m);
        assertTrue(m.length() < 300, m.length() + " chars");
        m = error(r, "a," + cell + ",c\n1,2,3\n");
        assertEquals("d.csv:1: no column named 'y'; the header has [a, " + "x".repeat(40) + "…(1000000 chars), c]", m);
        m = error(CsvReader.builder().setLabelColumn(0).build(), "\"a\"" + cell + ",b\n");
        assertTrue(m.startsWith("d.csv:1:4: unexpected 'x' after a quoted cell"), m);
    }

    @Test
    void classIndicesAreCheckedAtTheirFileLineColumn() {
        CsvReader r = CsvReader.builder().setLabelColumn("y").optClassIndices(true).build();
        assertArrayEquals(new float[] {0, 2, 1}, r.parse("a,y\n1,0\n2,2\n3,1\n", "d.csv").labels());
        assertEquals("d.csv:3:3: label '1.5' in column 'y' is not a class index (an integer >= 0); number the "
                + "classes 0, 1, 2, ...", error(r, "a,y\n1,0\n2,1.5\n"));
        assertTrue(error(r, "a,y\n1,0\n2,-1\n").startsWith("d.csv:3:3: label '-1' in column 'y' is not a class "));
        assertTrue(error(r, "a,y\n1,0\n2,cat\n").startsWith("d.csv:3:3: label 'cat' in column 'y' is not a class "));
        assertEquals("d.csv:3:3: label '100000' in column 'y' is above the limit of 65536 classes (labels 0..65535); "
                + "a label this large is a corrupt or wrong file, or if the data really has that many classes raise "
                + "the limit (optMaxClasses; nn: --max-classes)", error(r, "a,y\n1,0\n2,100000\n"));
        // beyond 2^31: named as written, not wrapped around to blame another label
        assertTrue(error(r, "a,y\n1,3000000000\n2,1\n").startsWith("d.csv:2:3: label '3000000000' in column 'y' "
                + "is above the limit of 65536 classes"));
        CsvReader three = CsvReader.builder().setLabelColumn("y").optClassIndices(true).optMaxClasses(3).build();
        assertTrue(error(three, "a,y\n1,0\n2,3\n").startsWith("d.csv:3:3: label '3' in column 'y' is above the "
                + "limit of 3 classes (labels 0..2)"));
        CsvReader four = CsvReader.builder().setLabelColumn("y").optClassIndices(true).optMaxClasses(4).build();
        assertEquals(4, four.parse("a,y\n1,0\n2,3\n", "d.csv").numClasses(), "two of four classes empty: read");
        assertEquals("d.csv in column 'y': labels 0..2 and 200: classes 3..199 have no samples (label 200 is at "
                + "d.csv:6:3); class labels number the classes 0..K-1, so these are corrupt, ids rather than classes, "
                + "or the wrong column: check them, or renumber the classes 0..K-1",
                error(r, "a,y\n1,0\n2,1\n3,2\n\n4,200\n"));
        assertArrayEquals(new float[] {1, 2, 3}, r.parse("a,y\n1,1\n2,2\n3,3\n", "d.csv").labels(),
                "1-based labels leave one class empty: read");
        CsvReader names = CsvReader.builder().setLabelColumn("y").optClassLabels(true).optMaxClasses(2).build();
        assertEquals("d.csv: the labels in column 'y' name 3 classes, more than the limit of 2; a column of ids or "
                + "numbers is not one of class names: check the label column, or if the data really has that many "
                + "classes raise the limit (optMaxClasses)", error(names, "a,y\n1,a\n2,b\n3,c\n"));
        assertTrue(assertThrows(DataException.class, () -> CsvReader.builder().setLabelColumn(0).optClassLabels(true)
                .optClassIndices(true).build()).getMessage().endsWith("choose one"));
    }

    @Test
    void aFileOfFeaturesOnlyHasNoLabelColumn() {
        CsvReader r = CsvReader.builder().setNoLabelColumn().build();
        Dataset d = r.parse("a,b,c\n1,2,3\n\n4,5,6.5\n", "new.csv");
        assertEquals(2, d.size());
        assertEquals(3, d.sampleSize());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6.5f}, d.features());
        assertArrayEquals(new float[] {0, 0}, d.labels());
        assertEquals("d.csv:3:5: cannot read 'x' in column 'c' as a number; feature cells must be decimal numbers "
                + "(fill or drop missing values before loading)", error(r, "a,b,c\n1,2,3\n4,5,x\n"));
        assertEquals(1, r.parse("a\n7\n", "one.csv").sampleSize(), "one feature column needs no second column");
    }

    @Test
    void missingFile() {
        Path none = Path.of("no-such.csv");
        assertEquals("CSV file no-such.csv does not exist", assertThrows(DataException.class,
                () -> CsvReader.builder().setLabelColumn(0).build().read(none)).getMessage());
    }
}
