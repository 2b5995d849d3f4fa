package dev.nn.core.data;

import static dev.nn.core.fuzz.ReaderContract.readsOrRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.api.tensor.Shape;
import dev.nn.core.fuzz.Fuzz;
import dev.nn.core.fuzz.HostileBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The CSV reader on hostile text (docs/fuzzing.md), with each way of reading labels: a dataset or a
 * {@link DataException}; and numbers written are read back exactly.
 */
class CsvReaderPropertyTest {
    /** The reader's settings: labels as numbers, class indices or class names; by header name or by index. */
    private static final List<CsvReader> READERS = List.of(
            CsvReader.builder().setLabelColumn("label").build(),
            CsvReader.builder().setLabelColumn("label").optClassIndices(true).optMaxClasses(16).build(),
            CsvReader.builder().setLabelColumn("label").optClassLabels(true).optMaxClasses(16).build(),
            CsvReader.builder().setLabelColumn(-1).optHeader(false).optDelimiter(';').build());

    private static final List<byte[]> VALID = List.of(
            utf8("x,\"y \"\"quoted\"\"\",label\n1.5,-2e-3,0\n+.5,3,1\n\n7,8.,2\n"),
            utf8("\uFEFFa,label\n1,setosa\n2,\"versicolor\"\n"),
            utf8("1;2;3.5\n4;5;6\n"));

    /** Floats that sit on the edges of float32 and of its decimal spelling. */
    private static final List<Float> EDGES = List.of(0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE,
            Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-7f, 1e7f, 0.1f);
    private static final Fuzz FUZZ = Fuzz.runner();

    @Test
    void arbitraryTextIsADatasetOrADataException() {
        FUZZ.forAll(HostileBytes::anyText, CsvReaderPropertyTest::reader,
                (text, reader) -> readsOrRefuses(DataException.class, () -> reader.parse(text, "fuzzed.csv")));
    }

    @Test
    void damagedFilesAreADatasetOrADataException() {
        FUZZ.forAll(r -> HostileBytes.damaged(r, VALID), CsvReaderPropertyTest::reader, (file, reader) -> {
            String text = new String(file, StandardCharsets.UTF_8);
            readsOrRefuses(DataException.class, () -> reader.parse(text, "fuzzed.csv"));
        });
    }

    @Test
    void writtenNumbersReadBackExactly() {
        FUZZ.forAll(CsvReaderPropertyTest::rows, rows -> {
            int features = rows.getFirst().length;
            StringBuilder csv = new StringBuilder();
            for (int c = 0; c < features; c++) {
                csv.append("f").append(c).append(',');
            }
            csv.append("label\n");
            float[] expected = new float[rows.size() * features];
            for (int r = 0; r < rows.size(); r++) {
                float[] row = rows.get(r);
                for (int c = 0; c < features; c++) {
                    csv.append(c % 2 == 0 ? Float.toString(row[c]) : "\"" + row[c] + "\"").append(',');
                    expected[r * features + c] = row[c];
                }
                csv.append(r % 3).append('\n');
            }
            Dataset data = CsvReader.builder().setLabelColumn("label").optClassIndices(true).build()
                    .parse(csv.toString(), "written.csv");
            assertEquals(Shape.of(features), data.sampleShape());
            assertArrayEquals(expected, data.features());
            for (int r = 0; r < rows.size(); r++) {
                assertEquals(r % 3, data.label(r));
            }
        });
    }

    private static CsvReader reader(SplittableRandom r) {
        return Fuzz.oneOf(r, READERS);
    }

    /** 1 to 20 rows of the same 1 to 6 finite float32 features, an edge value a quarter of the time. */
    private static List<float[]> rows(SplittableRandom r) {
        int features = 1 + r.nextInt(6);
        List<float[]> rows = new ArrayList<>();
        for (int n = 1 + r.nextInt(20); n > 0; n--) {
            float[] row = new float[features];
            for (int c = 0; c < features; c++) {
                row[c] = r.nextInt(4) == 0 ? Fuzz.oneOf(r, EDGES) : Fuzz.finiteFloat(r);
            }
            rows.add(row);
        }
        return rows;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
