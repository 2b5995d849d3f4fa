package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The small value types and texts of the module: what scikit-learn and Python print, fold sizes as
 * {@code KFold._iter_test_masks} makes them, and equality that ignores what should not matter.
 */
class ValueTypesTest {

    @Test
    void kFoldSizesGiveTheFirstFoldsOneSampleMore() {
        // sklearn: fold_sizes = np.full(n_splits, n // n_splits); fold_sizes[: n % n_splits] += 1
        assertArrayEquals(new int[] {4, 3, 3}, new KFold(3).foldSizes(10));
        assertArrayEquals(new int[] {2, 2, 2, 2, 2}, new KFold(5).foldSizes(10));
        assertArrayEquals(new int[] {3, 3, 2, 2}, new KFold(4).foldSizes(10));
        assertEquals(4, new KFold(4).nSplits());
        assertThrows(SplitException.class, () -> new KFold(5).foldSizes(4), "more folds than samples");
    }

    @Test
    void splittersDescribeThemselvesAsScikitLearnNamesThem() {
        assertEquals("KFold(n_splits=5, shuffle=false)", new KFold(5).toString());
        assertEquals("KFold(n_splits=3, shuffle=true, seed=7)", new KFold(3, true, 7L).toString());
        assertEquals("GroupKFold(n_splits=4)", new GroupKFold(4).toString());
        assertEquals("RepeatedKFold(n_splits=5, n_repeats=2, seed=1)", new RepeatedKFold(5, 2, 1, false).toString());
        assertEquals("RepeatedStratifiedKFold(n_splits=3, n_repeats=4, seed=0)",
                new RepeatedKFold(3, 4, 0, true).toString());
    }

    @Test
    void holdOutSplitsAreValuesWithTheirTwoPairs() {
        HoldOutSplit s = new HoldOutSplit(new int[] {0, 1, 2}, new int[] {3}, new int[] {4, 5});
        assertEquals(s, new HoldOutSplit(new int[] {0, 1, 2}, new int[] {3}, new int[] {4, 5}));
        assertEquals(s.hashCode(), new HoldOutSplit(new int[] {0, 1, 2}, new int[] {3}, new int[] {4, 5}).hashCode());
        assertNotEquals(s, new HoldOutSplit(new int[] {0, 1, 3}, new int[] {3}, new int[] {4, 5}));
        assertNotEquals(s, new HoldOutSplit(new int[] {0, 1, 2}, new int[] {2}, new int[] {4, 5}));
        assertNotEquals(s, new HoldOutSplit(new int[] {0, 1, 2}, new int[] {3}, new int[] {4, 6}));
        assertNotEquals(s, "HoldOutSplit[train=3, validation=1, test=2]");
        assertNotEquals(s.hashCode(), new HoldOutSplit(new int[] {0, 1, 2}, new int[] {3}, new int[] {5, 4})
                .hashCode(), "order matters to a split, and to its hash");
        assertEquals("HoldOutSplit[train=3, validation=1, test=2]", s.toString());
        assertEquals(new Split(new int[] {0, 1, 2}, new int[] {4, 5}).toString(), s.trainTest().toString());
        assertArrayEquals(new int[] {4, 5}, s.trainTest().test());
        assertArrayEquals(new int[] {3}, s.trainValidation().test());
        assertArrayEquals(new int[] {0, 1, 2}, s.trainValidation().train());
    }

    @Test
    void foldResultsAreEqualWhateverTheyTookToFit() {
        FitHistory h = FitHistory.of(Map.of("loss", new double[] {1.0, 0.5}, "val_loss", new double[] {1.2, 0.7}));
        FoldResult r = new FoldResult(1, 80, 20, 7, h, 1_000);
        assertEquals(r, new FoldResult(1, 80, 20, 7, h, 9_000_000), "the time is not part of the result");
        assertEquals(r.hashCode(), new FoldResult(1, 80, 20, 7, h, 9_000_000).hashCode());
        assertNotEquals(r, new FoldResult(2, 80, 20, 7, h, 1_000));
        assertNotEquals(r, new FoldResult(1, 81, 20, 7, h, 1_000));
        assertNotEquals(r, new FoldResult(1, 80, 21, 7, h, 1_000));
        assertNotEquals(r, new FoldResult(1, 80, 20, 8, h, 1_000));
        assertNotEquals(r, new FoldResult(1, 80, 20, 7, FitHistory.of(Map.of("loss", new double[] {1.0})), 1_000));
        assertNotEquals(r.hashCode(), new FoldResult(2, 80, 20, 7, h, 1_000).hashCode());
    }

    @Test
    void samplesAreValuesThatSayWhatTheyCarry() {
        Samples labeled = Samples.labeled(new int[] {0, 1, 1});
        assertEquals(labeled, Samples.labeled(new int[] {0, 1, 1}));
        assertEquals(labeled.hashCode(), Samples.labeled(new int[] {0, 1, 1}).hashCode());
        assertNotEquals(labeled, Samples.labeled(new int[] {0, 1, 0}));
        assertNotEquals(labeled, Samples.of(3));
        assertNotEquals(labeled, labeled.withGroups(new int[] {5, 5, 6}));
        assertNotEquals(Samples.of(3), Samples.of(4));
        assertNotEquals(labeled, "Samples[count=3, labeled]");
        assertNotEquals(labeled.hashCode(), Samples.labeled(new int[] {0, 1, 0}).hashCode());
        assertEquals("Samples[count=3, labeled]", labeled.toString());
        assertEquals("Samples[count=3, labeled, grouped]", labeled.withGroups(new int[] {5, 5, 6}).toString());
        assertEquals("Samples[count=2, grouped]", Samples.grouped(new int[] {1, 2}).toString());
        assertEquals("Samples[count=0]", Samples.of(0).toString(), "no samples is a valid, empty set");
        assertArrayEquals(new int[] {5, 5, 6}, labeled.withGroups(new int[] {5, 5, 6}).groups());
    }

    @Test
    void aConfusionMatrixCountsTruthAgainstPrediction() {
        // sklearn.metrics.confusion_matrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]) = [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {2, 0, 2, 2, 0, 1}, new int[] {0, 0, 2, 2, 0, 2});
        assertEquals(2, m.count(0, 0));
        assertEquals(1, m.count(1, 2));
        assertEquals(1, m.count(2, 0));
        assertEquals(2, m.count(2, 2));
        assertEquals("true\\pred\t0\t1\t2\n0\t2\t0\t0\n1\t0\t0\t1\n2\t1\t0\t2", m.toString());
    }
}
