package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Splitters and numpy helpers at their edges, against scikit-learn 1.2.1 and numpy 1.24.2 ({@code TimeSeriesSplit(..)
 * .split(np.zeros(n))}, {@code np.sum}, {@code np.isclose}).
 */
class SplitterEdgesTest {
    private static List<Split> timeSeries(TimeSeriesSplit s, int n) {
        return s.split(Samples.of(n)).splits();
    }

    private static Split split(int[] train, int[] test) {
        return new Split(train, test);
    }

    @Test
    void timeSeriesSplitsAsScikitLearnMakesThem() {
        // as many folds (4) as samples is allowed
        assertEquals(List.of(split(new int[] {0}, new int[] {1}), split(new int[] {0, 1}, new int[] {2}),
                split(new int[] {0, 1, 2}, new int[] {3})), timeSeries(new TimeSeriesSplit(3, null, null, 0), 4));
        assertEquals(List.of(split(new int[] {0}, new int[] {2, 3}), split(new int[] {0, 1, 2}, new int[] {4, 5})),
                timeSeries(new TimeSeriesSplit(2, null, 2, 1), 6));
        assertEquals(List.of(split(new int[] {0, 1}, new int[] {2}), split(new int[] {1, 2}, new int[] {3})),
                timeSeries(new TimeSeriesSplit(2, 2, 1, 0), 4));
    }

    @Test
    void timeSeriesSplitsRefuseWhatScikitLearnRefuses() {
        assertEquals("Cannot have number of folds=4 greater than the number of samples=3. Use n_splits <= 2.",
                assertThrows(SplitException.class, () -> timeSeries(new TimeSeriesSplit(3, null, null, 0), 3))
                        .getMessage());
        // 6 - gap 2 - 2 x test 2 = 0 samples left to train on
        assertEquals("Too many splits=2 for number of samples=6 with test_size=2 and gap=2. Reduce n_splits, "
                + "test_size or gap.", assertThrows(SplitException.class,
                        () -> timeSeries(new TimeSeriesSplit(2, null, 2, 2), 6)).getMessage());
        assertEquals("k-fold cross-validation requires at least one train/test split by setting n_splits=2 or more, "
                + "got n_splits=1.", assertThrows(SplitException.class, () -> new TimeSeriesSplit(1, null, null, 0))
                .getMessage());
        assertThrows(SplitException.class, () -> new TimeSeriesSplit(2, null, 0, 0));
        assertThrows(SplitException.class, () -> new TimeSeriesSplit(2, 0, null, 0));
        assertThrows(SplitException.class, () -> new TimeSeriesSplit(2, null, null, -1));
        new TimeSeriesSplit(2, 1, 1, 0);   // the smallest positive sizes are valid
        assertEquals("TimeSeriesSplit(n_splits=2, max_train_size=3, test_size=null, gap=0)",
                new TimeSeriesSplit(2, 3, null, 0).toString());
    }

    @Test
    void shuffleSplitDefaultsToATenthAndSaysSo() {
        ShuffleSplit tenth = new ShuffleSplit(1, null, null, 0);
        Split s = tenth.split(Samples.of(20)).splits().getFirst();
        assertEquals(2, s.test().length);
        assertEquals(18, s.train().length);
        assertEquals("ShuffleSplit(n_splits=1, test_size=0.1, train_size=None, seed=0)", tenth.toString());
        ShuffleSplit trainOnly = new ShuffleSplit(2, null, SizeSpec.count(15), 3);
        assertEquals("ShuffleSplit(n_splits=2, test_size=None, train_size=15, seed=3)", trainOnly.describe());
        Split t = trainOnly.split(Samples.of(20)).splits().getFirst();
        assertEquals(5, t.test().length, "the test part is the complement of the training size");
        int[] all = java.util.stream.IntStream.concat(Arrays.stream(t.train()), Arrays.stream(t.test())).sorted()
                .toArray();
        assertArrayEquals(java.util.stream.IntStream.range(0, 20).toArray(), all);
        assertEquals("ShuffleSplit needs n_splits >= 1, got 0", assertThrows(SplitException.class,
                () -> new ShuffleSplit(0, null, null, 0)).getMessage());
    }

    @Test
    void numpySumsEightAndOneHundredTwentyEightValuesInBlocks() {
        // np.sum: 8 values are one unrolled block (1e16 + 6 survives), 128 values too (1e16 + 112); a plain
        // left-to-right sum loses every 1 against 1e16
        double[] eight = new double[8];
        Arrays.fill(eight, 1.0);
        eight[0] = 1e16;
        assertEquals(1.0000000000000006e16, NumpyStats.sum(eight));
        double[] block = new double[128];
        Arrays.fill(block, 1.0);
        block[0] = 1e16;
        assertEquals(1.0000000000000112e16, NumpyStats.sum(block));
        assertEquals(1e16, NumpyStats.sum(Arrays.copyOf(eight, 7)), "7 values are summed in order");
    }

    @Test
    void isCloseAsNumpyDecidesIt() {
        // np.isclose(a, b): |a - b| <= 1e-8 + 1e-5 * |b|, infinities only equal to themselves
        assertTrue(NumpyStats.isClose(1e-8, 0));
        assertFalse(NumpyStats.isClose(1.1e-8, 0));
        assertTrue(NumpyStats.isClose(1e10 + 1e5, 1e10));
        assertFalse(NumpyStats.isClose(1.0 + 1.1e-5, 1.0));
        assertTrue(NumpyStats.isClose(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertFalse(NumpyStats.isClose(Double.POSITIVE_INFINITY, 1e308));
        assertFalse(NumpyStats.isClose(1e308, Double.POSITIVE_INFINITY));
        assertFalse(NumpyStats.isClose(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
    }
}
