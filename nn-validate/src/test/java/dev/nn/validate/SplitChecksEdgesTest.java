package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The split checks at their edges: sorted labels either way, batch sizes equal to the fold, copied rows. */
class SplitChecksEdgesTest {
    private static List<SplitChecks.Finding> only(String code, List<SplitChecks.Finding> findings) {
        return findings.stream().filter(f -> f.code().equals(code)).toList();
    }

    private static List<SplitChecks.Finding> sortedTail(int[] y, Split... splits) {
        return only("sorted_tail", SplitChecks.builder().build().check(Samples.labeled(y), List.of(splits)));
    }

    private static final int[] FIRST_EIGHT = {0, 1, 2, 3, 4, 5, 6, 7};

    @Test
    void aValidationTailOfSortedLabelsIsFoundInEitherDirection() {
        int[] ascending = {0, 0, 0, 1, 1, 1, 2, 2, 2, 2};
        List<SplitChecks.Finding> up = sortedTail(ascending, new Split(FIRST_EIGHT, new int[] {9, 8}));
        assertEquals(1, up.size(), "the tail is found whatever the order of its indices");
        assertEquals(SplitChecks.Severity.WARNING, up.getFirst().severity());
        assertTrue(up.getFirst().message().startsWith("the split: the validation part is the last 2 rows and the "
                + "labels are sorted, so it holds only class(es) [2] (Keras'"), up.getFirst().message());
        int[] descending = {2, 2, 2, 2, 1, 1, 1, 0, 0, 0};
        List<SplitChecks.Finding> down = sortedTail(descending, new Split(FIRST_EIGHT, new int[] {8, 9}));
        assertEquals(1, down.size(), down.toString());
        assertTrue(down.getFirst().message().contains("holds only class(es) [0] (Keras'"), down.toString());
    }

    @Test
    void unsortedLabelsOrAMiddlePartAreNoTail() {
        int[] mixed = {0, 1, 0, 1, 0, 1, 0, 1, 2, 2};
        assertEquals(List.of(), sortedTail(mixed, new Split(FIRST_EIGHT, new int[] {8, 9})));
        int[] ascending = {0, 0, 0, 1, 1, 1, 2, 2, 2, 2};
        assertEquals(List.of(), sortedTail(ascending, new Split(new int[] {0, 1, 2, 3, 4, 5, 8, 9},
                new int[] {6, 7})));
    }

    @Test
    void aValidationPartOfEveryRowIsNoTail() {
        assertEquals(List.of(), sortedTail(new int[] {0, 0, 1, 1}, new Split(new int[0], new int[] {0, 1, 2, 3})));
    }

    @Test
    void severalSplitsAreNamedByNumber() {
        int[] ascending = {0, 0, 0, 1, 1, 1, 2, 2, 2, 2};
        List<SplitChecks.Finding> f = sortedTail(ascending, new Split(FIRST_EIGHT, new int[] {8, 9}),
                new Split(FIRST_EIGHT, new int[] {8, 9}));
        assertEquals(2, f.size());
        assertTrue(f.get(1).message().startsWith("split 1: the validation part"), f.get(1).message());
        assertEquals(1, f.get(1).split());
    }

    private static List<SplitChecks.Finding> batches(int trainSize, boolean batchNorm, boolean dropLast) {
        return SplitChecks.builder().optBatches(32, batchNorm, dropLast).build()
                .check(Samples.of(trainSize + 2), List.of(new Split(new int[trainSize], new int[2])));
    }

    @Test
    void aFoldOfExactlyOneBatchIsNotSmall() {
        assertEquals(List.of(), batches(32, false, false));
        assertEquals("small_fold", batches(31, false, false).getFirst().code());
    }

    @Test
    void aLastBatchOfOneMattersOnlyToBatchNorm() {
        assertEquals(List.of(), batches(33, false, false));
        assertEquals("last_batch_of_one", batches(33, true, false).getFirst().code());
    }

    private static List<SplitChecks.Finding> duplicates(float[][] x, Split split) {
        return only("duplicate_leak", SplitChecks.builder().optFeatures(x).build()
                .check(Samples.of(x.length), List.of(split)));
    }

    @Test
    void copiedRowsIncludingNanAndNegativeZeroAreLeaks() {
        float nan = Float.NaN;
        float[][] x = {{nan, 1}, {0f, 2}, {5, 5}, {nan, 1}, {-0f, 2}};
        List<SplitChecks.Finding> f = duplicates(x, new Split(new int[] {0, 1, 2}, new int[] {3, 4}));
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.getFirst().message().startsWith("the split: 2 of 2 validation rows have an identical row in "
                + "training (e.g. row 3 = row 0)"), f.getFirst().message());
        float[][] distinct = {{1, 1}, {1, 2}, {2, 1}, {2, 2}};
        assertEquals(List.of(), duplicates(distinct, new Split(new int[] {0, 1}, new int[] {2, 3})));
    }

    @Test
    void theFirstCopiedRowIsTheExampleEvenWhenItIsRowZero() {
        float[][] x = {{1, 1}, {2, 2}, {1, 1}, {2, 2}};
        List<SplitChecks.Finding> f = duplicates(x, new Split(new int[] {2, 3}, new int[] {0, 1}));
        assertTrue(f.getFirst().message().contains("(e.g. row 0 = row 2)"), f.getFirst().message());
    }
}
