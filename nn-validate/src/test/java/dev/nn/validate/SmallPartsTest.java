package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checks every splitter makes before splitting (messages and edges as scikit-learn 1.2.1's {@code
 * StratifiedKFold}, {@code StratifiedGroupKFold} and {@code _BaseKFold.split} give them), and the small value types.
 */
class SmallPartsTest {
    private static String error(Runnable r) {
        return assertThrows(SplitException.class, r::run).getMessage();
    }

    @Test
    void stratifiedKFoldAcceptsAsManyFoldsAsItsLargestClassHasMembers() {
        int[] y = {0, 0, 0, 1, 1, 1};
        SplitPlan plan = new StratifiedKFold(3).split(Samples.labeled(y));
        assertEquals(List.of(new Split(new int[] {1, 2, 4, 5}, new int[] {0, 3}),
                new Split(new int[] {0, 2, 3, 5}, new int[] {1, 4}), new Split(new int[] {0, 1, 3, 4},
                        new int[] {2, 5})), plan.splits());
        assertEquals(List.of(), plan.warnings(), "3 members per class are enough for 3 folds");
        assertEquals(List.of("The least populated class in y has only 2 members, which is less than n_splits=3."),
                new StratifiedKFold(3).split(Samples.labeled(new int[] {0, 0, 0, 1, 1})).warnings());
        assertEquals("n_splits=3 cannot be greater than the number of members in each class. The largest class has 2"
                + " members: use n_splits <= 2 or collect more samples per class.",
                error(() -> new StratifiedKFold(3).split(Samples.labeled(new int[] {0, 0, 1, 1}))));
        assertTrue(error(() -> new StratifiedKFold(5).split(Samples.labeled(new int[] {0, 0, 1, 1})))
                .startsWith("Cannot have number of splits n_splits=5 greater than the number of samples: "
                        + "n_samples=4."));
        assertEquals("StratifiedKFold(n_splits=3, shuffle=false)", new StratifiedKFold(3).toString());
        assertEquals("StratifiedKFold(n_splits=3, shuffle=true, seed=7)", new StratifiedKFold(3, true, 7L)
                .toString());
    }

    @Test
    void stratifiedGroupKFoldChecksFoldsSamplesAndClasses() {
        Samples six = Samples.labeled(new int[] {0, 0, 0, 1, 1, 1}).withGroups(new int[] {0, 1, 2, 3, 4, 5});
        assertEquals(3, new StratifiedGroupKFold(3).split(six).splits().size());
        assertTrue(error(() -> new StratifiedGroupKFold(4).split(six))
                .startsWith("n_splits=4 cannot be greater than the number of members in each class."));
        assertTrue(error(() -> new StratifiedGroupKFold(7).split(six))
                .startsWith("Cannot have number of splits n_splits=7 greater than the number of samples: "
                        + "n_samples=6."));
        assertTrue(error(() -> new StratifiedGroupKFold(1)).startsWith("k-fold cross-validation requires at least "
                + "one train/test split by setting n_splits=2 or more, got n_splits=1."));
        assertEquals("StratifiedGroupKFold(n_splits=3, shuffle=false)", new StratifiedGroupKFold(3).toString());
    }

    @Test
    void groupAndRepeatedKFoldCheckTheirFoldCounts() {
        String oneSplit = "k-fold cross-validation requires at least one train/test split by setting n_splits=2 or "
                + "more, got n_splits=1.";
        assertEquals(oneSplit, error(() -> new GroupKFold(1)));
        assertEquals(oneSplit, error(() -> new RepeatedKFold(1, 2, 0, false)));
        assertTrue(error(() -> new KFold(5).split(Samples.of(4)))
                .startsWith("Cannot have number of splits n_splits=5 greater than the number of samples: "
                        + "n_samples=4."));
        assertTrue(error(() -> new GroupKFold(5).split(Samples.grouped(new int[] {1, 2, 3, 4})))
                .startsWith("Cannot have number of splits n_splits=5 greater than the number of samples: "
                        + "n_samples=4."));
    }

    @Test
    void repeatedStratifiedKFoldWarnsOnceNotOncePerRepeat() {
        SplitPlan plan = new RepeatedKFold(3, 3, 0, true).split(Samples.labeled(new int[] {0, 0, 0, 1, 1}));
        assertEquals(9, plan.splits().size());
        assertEquals(List.of("The least populated class in y has only 2 members, which is less than n_splits=3."),
                plan.warnings());
    }

    @Test
    void squaredAndAbsoluteErrorsNeedTheSameNumberOfSamples() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Metrics.meanSquaredError(new float[] {1},
                new float[] {1, 2})).getMessage().contains("inconsistent numbers of samples: [1, 2]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Metrics.meanAbsoluteError(new float[] {1},
                new float[] {1, 2})).getMessage().contains("inconsistent numbers of samples: [1, 2]"));
    }

    @Test
    void argmaxNeedsRowsTimesClassesScores() {
        assertEquals("argmax over (2, 3) needs 6 values, got 5", assertThrows(IllegalArgumentException.class,
                () -> Metrics.argmax(new float[5], 2, 3)).getMessage());
    }

    @Test
    void aConfidenceMustLieStrictlyBetweenZeroAndOne() {
        double[] v = {1, 2, 3};
        assertEquals("confidence must be in (0, 1), got 0.0",
                assertThrows(IllegalArgumentException.class, () -> Estimate.of(v, 0)).getMessage());
        assertEquals("confidence must be in (0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> Estimate.of(v, 1)).getMessage());
    }

    @Test
    void aSubsetKeepsTheLabelsAndGroupsOfItsRows() {
        Samples all = Samples.labeled(new int[] {5, 6, 7, 8}).withGroups(new int[] {1, 1, 2, 2});
        Samples some = all.subset(new int[] {3, 0});
        assertEquals(2, some.count());
        assertArrayEquals(new int[] {8, 5}, some.labels());
        assertArrayEquals(new int[] {2, 1}, some.groups());
        Samples grouped = Samples.grouped(new int[] {4, 5, 6}).subset(new int[] {2});
        assertNull(grouped.labels());
        assertArrayEquals(new int[] {6}, grouped.groups());
        Samples labeled = Samples.labeled(new int[] {4, 5, 6}).subset(new int[] {1});
        assertNull(labeled.groups());
        assertArrayEquals(new int[] {5}, labeled.labels());
    }

    @Test
    void aBatchOfOneIsAValidBatchSize() {
        SplitChecks.builder().optBatches(1, true, false).build();
        assertEquals("batch_size must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> SplitChecks.builder().optBatches(0, true, false)).getMessage());
    }

    @Test
    void anEvenNumberOfFoldsHasTheMeanOfTheMiddleTwoAsMedian() {
        List<FoldResult> folds = List.of(
                new FoldResult(0, 10, 5, 0, FitHistory.of(Map.of("loss", new double[] {1})), 0),
                new FoldResult(1, 10, 5, 1, FitHistory.of(Map.of("loss", new double[] {4})), 0),
                new FoldResult(2, 10, 5, 2, FitHistory.of(Map.of("loss", new double[] {2})), 0),
                new FoldResult(3, 10, 5, 3, FitHistory.of(Map.of("loss", new double[] {9})), 0));
        LearningCurveResult r = new LearningCurveResult(new int[] {10}, List.of(folds), List.of());
        assertArrayEquals(new double[] {3}, r.medians("loss"));
    }

    @Test
    void splitsSayTheirSizesAndHashByTheirIndices() {
        Split s = new Split(new int[] {0, 1, 2}, new int[] {3});
        assertEquals("Split[train=3 samples, test=1 samples]", s.toString());
        assertEquals(s.hashCode(), new Split(new int[] {0, 1, 2}, new int[] {3}).hashCode());
        assertNotEquals(s.hashCode(), new Split(new int[] {0, 1, 3}, new int[] {2}).hashCode());
        assertEquals("LeaveOneOut()", new LeaveOneOut().toString());
    }
}
