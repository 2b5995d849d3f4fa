package dev.nn.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.tensor.Shape;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

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
    void missingFile() {
        Path none = Path.of("no-such.csv");
        assertEquals("CSV file no-such.csv does not exist", assertThrows(DataException.class,
                () -> CsvReader.builder().setLabelColumn(0).build().read(none)).getMessage());
    }
}
