package dev.nn.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.tensor.Shape;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Datasets, subsets, batching and seeded shuffling. */
class DataLoaderTest {
    /** n samples of shape [2]: sample i is (i, -i) with label i % 3. */
    static Dataset counting(int n) {
        float[] x = new float[2 * n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i % 3;
        }
        return new Dataset(x, Shape.of(2), y);
    }

    @Test
    void batchesInOrderWithASmallerLastBatch() {
        DataLoader loader = new DataLoader(counting(10), 4, false, false);
        List<Batch> batches = loader.epoch(null);
        assertEquals(3, loader.numBatches());
        assertEquals(List.of(4, 4, 2), batches.stream().map(Batch::size).toList());
        Batch last = batches.get(2);
        assertEquals(Shape.of(2, 2), last.shape());
        assertArrayEquals(new float[] {8, -8, 9, -9}, last.features());
        assertArrayEquals(new float[] {2, 0}, last.labels());
        assertArrayEquals(new int[] {8, 9}, last.indices());
    }

    @Test
    void dropLastSkipsThePartialBatch() {
        DataLoader loader = new DataLoader(counting(10), 4, true, true);
        assertEquals(2, loader.numBatches());
        List<int[]> idx = loader.epochIndices(new SplittableRandom(1));
        assertEquals(2, idx.size());
        assertTrue(idx.stream().allMatch(b -> b.length == 4));
        var e = assertThrows(DataException.class, () -> new DataLoader(counting(3), 4, false, true));
        assertTrue(e.getMessage().contains("drop_last with batch_size 4 leaves no batch from 3 samples"));
    }

    @Test
    void shuffledEpochIsAPermutationAndTheSeedReproducesIt() {
        DataLoader loader = new DataLoader(counting(50), 7, true, false);
        SplittableRandom a = new SplittableRandom(42);
        SplittableRandom b = new SplittableRandom(42);
        int[] first = flat(loader.epochIndices(a));
        assertArrayEquals(first, flat(loader.epochIndices(b)));
        int[] sorted = first.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) {
            assertEquals(i, sorted[i]);
        }
        int[] second = flat(loader.epochIndices(a));
        assertFalse(Arrays.equals(first, second), "each epoch draws a new order");
        assertThrows(DataException.class, () -> loader.epochIndices(null));
    }

    private static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void permutationsAreUniform() {
        // all 24 orders of 4 items, 24,000 draws: chi-square with 23 degrees of freedom; P(X > 49.7) = 0.001
        SplittableRandom r = new SplittableRandom(7);
        Map<String, Integer> counts = new HashMap<>();
        int draws = 24_000;
        for (int i = 0; i < draws; i++) {
            counts.merge(Arrays.toString(DataLoader.permutation(4, r)), 1, Integer::sum);
        }
        assertEquals(24, counts.size());
        double expected = draws / 24.0;
        double chi2 = counts.values().stream().mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
        assertTrue(chi2 < 49.7, "chi-square " + chi2);
    }

    @Test
    void subsetsCopyTheChosenSamples() {
        Dataset d = counting(6);
        Dataset s = d.subset(new int[] {5, 1, 1});
        assertEquals(3, s.size());
        assertArrayEquals(new float[] {5, -5, 1, -1, 1, -1}, s.features());
        assertArrayEquals(new float[] {2, 1, 1}, s.labels());
        assertEquals(3, d.numClasses());
        var e = assertThrows(DataException.class, () -> d.subset(new int[] {6}));
        assertEquals("Sample index 6 is out of range for a dataset of 6 samples (valid: 0..5)", e.getMessage());
    }

    @Test
    void shapesAndLabelsAreChecked() {
        var e = assertThrows(DataException.class, () -> new Dataset(new float[5], Shape.of(2), new float[3]));
        assertTrue(e.getMessage().contains("3 samples of shape [2] needs 6 feature values, got 5"), e.getMessage());
        Dataset regression = new Dataset(new float[2], Shape.of(1), new float[] {0.5f, 1f});
        assertTrue(assertThrows(DataException.class, regression::numClasses).getMessage()
                .contains("Label 0.5 of sample 0 is not a class index"));
        // 3e9 as an int saturates to 2^31 - 1, whose + 1 overflowed the class count: the label itself is named
        Dataset huge = new Dataset(new float[3], Shape.of(1), new float[] {0, 3e9f, 1});
        assertEquals("Label 3.0E9 of sample 1 is too large to be a class index (at most 2147483646); this dataset "
                + "holds regression targets or corrupt labels, not classes", assertThrows(DataException.class,
                huge::numClasses).getMessage());
        Dataset images = new Dataset(new float[8], Shape.of(1, 2, 2), new float[2]);
        assertEquals(Shape.of(4), images.flatten().sampleShape());
        assertThrows(DataException.class, () -> images.reshape(Shape.of(3)));
        assertEquals(Shape.of(2, 1, 2, 2), images.batch(new int[] {0, 1}).shape());
    }
}
