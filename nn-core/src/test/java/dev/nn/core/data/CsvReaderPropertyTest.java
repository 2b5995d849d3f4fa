package dev.nn.core.data;

import static dev.nn.core.ReaderContract.readsOrRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.api.tensor.Shape;
import dev.nn.core.HostileBytes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

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

    @Property
    void arbitraryTextIsADatasetOrADataException(@ForAll String text, @ForAll("readers") CsvReader reader) {
        readsOrRefuses(DataException.class, () -> reader.parse(text, "fuzzed.csv"));
    }

    @Property
    void damagedFilesAreADatasetOrADataException(@ForAll("damaged") byte[] file,
                                                 @ForAll("readers") CsvReader reader) {
        String text = new String(file, StandardCharsets.UTF_8);
        readsOrRefuses(DataException.class, () -> reader.parse(text, "fuzzed.csv"));
    }

    @Property
    void writtenNumbersReadBackExactly(@ForAll("rows") List<float[]> rows) {
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
    }

    @Provide
    Arbitrary<CsvReader> readers() {
        return Arbitraries.of(READERS);
    }

    @Provide
    Arbitrary<byte[]> damaged() {
        return HostileBytes.damaged(VALID);
    }

    /** 1 to 20 rows of the same 1 to 6 finite float32 features. */
    @Provide
    Arbitrary<List<float[]>> rows() {
        Arbitrary<Float> finite = Arbitraries.floats().filter(Float::isFinite);
        return Arbitraries.integers().between(1, 6).flatMap(n -> finite.array(float[].class).ofSize(n).list()
                .ofMinSize(1).ofMaxSize(20));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
