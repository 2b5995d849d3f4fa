package dev.nn.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.tensor.Shape;
import dev.nn.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Standardization against scikit-learn's StandardScaler, fitted on a training part only. */
class StandardizerTest {
    @Test
    @SuppressWarnings("unchecked")
    void matchesScikitLearnOnIrisFittedOnTheTrainingPart() throws IOException {
        Map<String, Object> ref = (Map<String, Object>) Json.parse(Files.readString(
                Path.of("src/test/resources/dev/nn/core/data/iris_standard_scaler.json")));
        Dataset iris = CsvReaderTest.iris();
        int[] train = ((List<Object>) ref.get("train_rows")).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        int[] val = ((List<Object>) ref.get("val_rows")).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        Standardizer s = Standardizer.fit(iris.subset(train));
        List<Object> mean = (List<Object>) ref.get("mean");
        List<Object> scale = (List<Object>) ref.get("scale");
        for (int j = 0; j < 4; j++) {
            assertEquals(((Number) mean.get(j)).doubleValue(), s.mean()[j], 1e-6, "mean " + j);
            assertEquals(((Number) scale.get(j)).doubleValue(), s.scale()[j], 1e-6, "scale " + j);
        }
        Dataset v = s.transform(iris.subset(val));
        List<Object> rows = (List<Object>) ref.get("val_transformed");
        for (int i = 0; i < val.length; i++) {
            List<Object> row = (List<Object>) rows.get(i);
            float[] got = v.features(i);
            for (int j = 0; j < 4; j++) {
                assertEquals(((Number) row.get(j)).doubleValue(), got[j], 2e-6, "val row " + i + " feature " + j);
            }
        }
        assertArrayEquals(iris.subset(val).labels(), v.labels());
    }

    @Test
    void constantFeaturesAreOnlyCentred() {
        // feature 0: 1, 2, 3, 4 -> mean 2.5, population std sqrt(1.25); feature 1 constant 7
        Dataset d = new Dataset(new float[] {1, 7, 2, 7, 3, 7, 4, 7}, Shape.of(2), new float[4]);
        Standardizer s = Standardizer.fit(d);
        assertArrayEquals(new float[] {2.5f, 7f}, s.mean());
        assertArrayEquals(new float[] {(float) Math.sqrt(1.25), 1f}, s.scale());
        float[] t = s.transform(d).features();
        assertEquals(-1.5f / (float) Math.sqrt(1.25), t[0], 1e-7f);
        assertEquals(0f, t[1]);
        // applied to other data, the training statistics are used unchanged
        Dataset other = new Dataset(new float[] {2.5f, 8f}, Shape.of(2), new float[1]);
        assertArrayEquals(new float[] {0f, 1f}, s.transform(other).features());
    }

    @Test
    void layoutMismatchIsExplained() {
        Standardizer s = Standardizer.fit(new Dataset(new float[] {1, 2}, Shape.of(2), new float[1]));
        var e = assertThrows(DataException.class,
                () -> s.transform(new Dataset(new float[3], Shape.of(3), new float[1])));
        assertTrue(e.getMessage().contains("fitted on 2 features per sample, but the data has 3"), e.getMessage());
        assertThrows(DataException.class, () -> Standardizer.fit(new Dataset(new float[0], Shape.of(2),
                new float[0])));
    }

    @Test
    void knownStatisticsStandardizeAsFittedOnes() {
        Dataset data = new Dataset(new float[] {1, 10, 3, 30}, Shape.of(2), new float[] {0, 1});
        Standardizer known = Standardizer.of(new float[] {2, 20}, new float[] {1, 10});
        assertArrayEquals(new float[] {-1, -1, 1, 1}, known.transform(data).features());
        assertArrayEquals(Standardizer.fit(data).transform(data).features(), known.transform(data).features());
        assertThrows(DataException.class, () -> Standardizer.of(new float[] {0}, new float[] {0}));
        assertThrows(DataException.class, () -> Standardizer.of(new float[] {Float.NaN}, new float[] {1}));
        assertThrows(DataException.class, () -> Standardizer.of(new float[] {0, 1}, new float[] {1}));
        var infinite = assertThrows(DataException.class,
                () -> Standardizer.of(new float[] {0, 1}, new float[] {1, Float.POSITIVE_INFINITY}));
        assertEquals("Standardizer feature 1 has mean 1.0 and scale Infinity; means must be finite and scales finite "
                + "and > 0 (1 for a constant feature)", infinite.getMessage());
    }
}
