package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Properties of shuffled and composite splitters (unshuffled ones are compared with scikit-learn elsewhere). */
class SplittersTest {
    private static void assertPartition(List<Split> splits, int n) {
        int[] seen = new int[n];
        for (Split s : splits) {
            Arrays.stream(s.test()).forEach(i -> seen[i]++);
            int[] all = IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.test())).sorted().toArray();
            assertArrayEquals(IntStream.range(0, n).toArray(), all, "train and test must cover every sample once");
        }
        assertTrue(Arrays.stream(seen).allMatch(c -> c == 1), "every sample is tested exactly once");
    }

    @Test
    void shuffledKFoldIsAPartitionReproducibleFromItsSeed() {
        List<Split> a = new KFold(4, true, 5L).split(Samples.of(23)).splits();
        assertPartition(a, 23);
        assertEquals(a, new KFold(4, true, 5L).split(Samples.of(23)).splits());
        assertNotEquals(a, new KFold(4, true, 6L).split(Samples.of(23)).splits());
        assertNotEquals(a, new KFold(4).split(Samples.of(23)).splits());
        assertArrayEquals(new int[] {6, 6, 6, 5}, a.stream().mapToInt(s -> s.test().length).toArray());
    }

    @Test
    void shuffleWithoutSeedIsRefused() {
        SplitException e = assertThrows(SplitException.class, () -> new KFold(3, true, null));
        assertTrue(e.getMessage().contains("needs a seed"), e.getMessage());
        assertThrows(SplitException.class, () -> new KFold(1));
    }

    @Test
    void shuffledStratifiedKFoldKeepsClassCountsPerFold() {
        int[] y = new int[60];
        for (int i = 0; i < 60; i++) {
            y[i] = i < 30 ? 7 : i < 50 ? 3 : 9;
        }
        List<Split> splits = new StratifiedKFold(5, true, 11L).split(Samples.labeled(y)).splits();
        assertPartition(splits, 60);
        for (Split s : splits) {
            assertEquals(6, Arrays.stream(s.test()).filter(i -> y[i] == 7).count());
            assertEquals(4, Arrays.stream(s.test()).filter(i -> y[i] == 3).count());
            assertEquals(2, Arrays.stream(s.test()).filter(i -> y[i] == 9).count());
        }
    }

    @Test
    void repeatedKFoldRepeatsDifferentPartitions() {
        List<Split> splits = new RepeatedKFold(3, 4, 9L, false).split(Samples.of(20)).splits();
        assertEquals(12, splits.size());
        for (int r = 0; r < 4; r++) {
            assertPartition(splits.subList(3 * r, 3 * r + 3), 20);
        }
        assertNotEquals(splits.subList(0, 3), splits.subList(3, 6));
        assertEquals(splits, new RepeatedKFold(3, 4, 9L, false).split(Samples.of(20)).splits());
        assertThrows(SplitException.class, () -> new RepeatedKFold(3, 0, 9L, false));
    }

    @Test
    void shuffledStratifiedGroupKFoldKeepsGroupsWholeAndIsReproducible() {
        int[] y = new int[40];
        int[] g = new int[40];
        for (int i = 0; i < 40; i++) {
            y[i] = i % 3 == 0 ? 1 : 0;
            g[i] = i / 4;
        }
        Samples s = new Samples(40, y, g);
        List<Split> a = new StratifiedGroupKFold(3, true, 8L).split(s).splits();
        assertPartition(a, 40);
        assertEquals(List.of(), SplitChecks.builder().build().check(s, a));
        assertEquals(a, new StratifiedGroupKFold(3, true, 8L).split(s).splits());
        assertNotEquals(a, new StratifiedGroupKFold(3).split(s).splits());
    }

    @Test
    void repeatedStratifiedKFoldKeepsClassCounts() {
        int[] y = new int[30];
        for (int i = 0; i < 30; i++) {
            y[i] = i < 20 ? 0 : 1;
        }
        List<Split> splits = new RepeatedKFold(5, 2, 3L, true).split(Samples.labeled(y)).splits();
        assertEquals(10, splits.size());
        for (Split s : splits) {
            assertEquals(4, Arrays.stream(s.test()).filter(i -> y[i] == 0).count());
            assertEquals(2, Arrays.stream(s.test()).filter(i -> y[i] == 1).count());
        }
        assertNotEquals(splits.subList(0, 5), splits.subList(5, 10));
    }

    @Test
    void groupKFoldNeverSplitsAGroup() {
        int[] groups = {4, 4, 1, 1, 1, 9, 9, 9, 9, 2, 3, 3};
        List<Split> splits = new GroupKFold(3).split(Samples.grouped(groups)).splits();
        assertPartition(splits, groups.length);
        assertEquals(List.of(), SplitChecks.builder().build().check(Samples.grouped(groups), splits));
        List<SplitChecks.Finding> leaks = SplitChecks.builder().build()
                .check(Samples.grouped(groups), new KFold(3).split(Samples.of(12)).splits());
        assertTrue(leaks.stream().anyMatch(f -> f.code().equals("group_leak")
                && f.severity() == SplitChecks.Severity.ERROR && f.message().contains("GroupKFold")));
    }

    @Test
    void shuffleSplitDrawsIndependentHoldOuts() {
        List<Split> s = new ShuffleSplit(3, SizeSpec.count(4), SizeSpec.count(10), 1).split(Samples.of(30)).splits();
        assertEquals(3, s.size());
        for (Split split : s) {
            assertEquals(10, split.train().length);
            assertEquals(4, split.test().length);
            assertTrue(Arrays.stream(split.test()).noneMatch(i -> Arrays.stream(split.train()).anyMatch(j -> j == i)));
        }
        assertNotEquals(s.get(0), s.get(1));
    }

    @Test
    void threeWayHoldOutHasScikitLearnSizesAndOrder() {
        HoldOut h = HoldOut.builder().optTestSize(SizeSpec.fraction(0.2)).optValidationSize(SizeSpec.fraction(0.2))
                .build();
        assertEquals(new HoldOutSizes(60, 20, 20), h.sizes(100));
        HoldOutSplit s = h.split(Samples.of(100));
        assertArrayEquals(IntStream.range(0, 60).toArray(), s.train());
        assertArrayEquals(IntStream.range(60, 80).toArray(), s.validation());
        assertArrayEquals(IntStream.range(80, 100).toArray(), s.test());
        SplitException e = assertThrows(SplitException.class, () -> HoldOut.builder()
                .optTestSize(SizeSpec.fraction(0.5)).optValidationSize(SizeSpec.fraction(0.5)).build().sizes(10));
        assertTrue(e.getMessage().contains("leaves none to train on"), e.getMessage());
    }

    @Test
    void stratifiedShuffledHoldOutKeepsProportionsAndIsDisjoint() {
        int[] y = new int[150];
        for (int i = 0; i < 150; i++) {
            y[i] = i / 50;
        }
        HoldOutSplit s = HoldOut.builder().optTestSize(SizeSpec.fraction(0.2)).optValidationSize(SizeSpec.count(30))
                .optShuffle(true).optSeed(4).optStratify(true).build().split(Samples.labeled(y));
        for (int c = 0; c < 3; c++) {
            int cls = c;
            assertEquals(10, Arrays.stream(s.test()).filter(i -> y[i] == cls).count());
            assertEquals(10, Arrays.stream(s.validation()).filter(i -> y[i] == cls).count());
            assertEquals(30, Arrays.stream(s.train()).filter(i -> y[i] == cls).count());
        }
        int[] all = IntStream.concat(IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.validation())),
                Arrays.stream(s.test())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 150).toArray(), all);
        SplitException e = assertThrows(SplitException.class,
                () -> HoldOut.builder().optStratify(true).build());
        assertTrue(e.getMessage().contains("Stratified train/test split is not implemented for shuffle=False"));
    }

    @Test
    void trainSizesLinspaceAndCounts() {
        assertArrayEquals(new int[] {8, 26, 44, 62, 80}, TrainSizes.linspace(0.1, 1.0, 5).resolve(80));
        SplitException e = assertThrows(SplitException.class, () -> TrainSizes.counts(0, 5, 11).resolve(10));
        assertTrue(e.getMessage().contains("must be within (0, 10], but is within [0, 11]"), e.getMessage());
    }
}
