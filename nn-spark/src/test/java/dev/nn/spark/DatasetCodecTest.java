package dev.nn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.NnException;
import dev.nn.api.tensor.Shape;
import dev.nn.core.data.Dataset;
import dev.nn.core.fuzz.Fuzz;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DatasetCodecTest {
    @Test
    void decodesWhatItEncodedForAnyShapeSizeAndClassNames() {
        Fuzz.runner(100).forAll(DatasetCodecTest::randomDataset, data -> {
            Dataset back = DatasetCodec.decode(DatasetCodec.encode(data));
            assertEquals(data.sampleShape(), back.sampleShape());
            assertArrayEquals(data.features(), back.features());
            assertArrayEquals(data.labels(), back.labels());
            assertEquals(data.classNames(), back.classNames());
        });
    }

    @Test
    void keepsNanAndNegativeZeroBitForBit() {
        float[] features = {Float.NaN, -0.0f, Float.MIN_VALUE, Float.NEGATIVE_INFINITY};
        Dataset back = DatasetCodec.decode(DatasetCodec.encode(
                new Dataset(features, Shape.of(2), new float[] {0, 1})));
        for (int i = 0; i < features.length; i++) {
            assertEquals(Float.floatToRawIntBits(features[i]), Float.floatToRawIntBits(back.features()[i]));
        }
    }

    @Test
    void refusesEveryTruncationNamingItsLength() {
        byte[] bytes = DatasetCodec.encode(new Dataset(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(3),
                new float[] {0, 1}, List.of("cat", "dog")));
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            NnException e = assertThrows(NnException.class, () -> DatasetCodec.decode(cut), "length " + length);
            assertTrue(e.getMessage().startsWith("The broadcast data set (" + length + " bytes) could not be read"),
                    e.getMessage());
        }
    }

    @Test
    void refusesForeignBytesAndTrailingGarbage() {
        assertThrows(NnException.class, () -> DatasetCodec.decode("not a data set".getBytes()));
        byte[] bytes = DatasetCodec.encode(new Dataset(new float[] {1, 2}, Shape.of(1), new float[] {0, 1}));
        NnException e = assertThrows(NnException.class,
                () -> DatasetCodec.decode(Arrays.copyOf(bytes, bytes.length + 3)));
        assertTrue(e.getMessage().contains("more bytes follow"), e.getMessage());
    }

    @Test
    void hashesDifferentDataDifferentlyAndEqualDataEqually() {
        Dataset a = new Dataset(new float[] {1, 2}, Shape.of(1), new float[] {0, 1});
        Dataset b = new Dataset(new float[] {1, 2.5f}, Shape.of(1), new float[] {0, 1});
        assertEquals(DatasetCodec.hash(DatasetCodec.encode(a)), DatasetCodec.hash(DatasetCodec.encode(a)));
        assertNotEquals(DatasetCodec.hash(DatasetCodec.encode(a)), DatasetCodec.hash(DatasetCodec.encode(b)));
        assertEquals(64, DatasetCodec.hash(new byte[0]).length());
    }

    private static Dataset randomDataset(SplittableRandom r) {
        int[] dims = new int[1 + r.nextInt(3)];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = 1 + r.nextInt(4);
        }
        Shape shape = Shape.of(dims);
        int n = r.nextInt(20);
        float[] features = new float[n * shape.size()];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) r.nextGaussian();
        }
        float[] labels = new float[n];
        List<String> names = new ArrayList<>();
        int classes = r.nextInt(4);
        for (int c = 0; c < classes; c++) {
            names.add(c % 2 == 0 ? "class " + c : "klasse-ä" + c);
        }
        for (int i = 0; i < n; i++) {
            labels[i] = classes == 0 ? (float) r.nextGaussian() : r.nextInt(classes);
        }
        return new Dataset(features, shape, labels, names);
    }
}
