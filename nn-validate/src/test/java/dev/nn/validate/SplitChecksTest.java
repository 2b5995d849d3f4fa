package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SplitChecksTest {
    private static boolean has(List<SplitChecks.Finding> f, String code, SplitChecks.Severity severity, String text) {
        return f.stream().anyMatch(x -> x.code().equals(code) && x.severity() == severity
                && x.message().contains(text));
    }

    @Test
    void identicalRowsOnBothSidesAreFound() {
        float[][] x = {{1, 2}, {3, 4}, {5, 6}, {1, 2}, {7, 8}, {-0f, 1}, {0f, 1}};
        List<Split> split = List.of(new Split(new int[] {0, 1, 2, 5}, new int[] {3, 4, 6}));
        List<SplitChecks.Finding> f = SplitChecks.builder().optFeatures(x).build().check(Samples.of(7), split);
        assertTrue(has(f, "duplicate_leak", SplitChecks.Severity.WARNING, "2 of 3 validation rows"), f.toString());
        assertTrue(has(f, "duplicate_leak", SplitChecks.Severity.WARNING, "row 3 = row 0"), f.toString());
    }

    @Test
    void aClassMissingFromAFoldIsReported() {
        int[] y = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2};
        List<Split> kfold = new KFold(5).split(Samples.of(10)).splits();
        List<SplitChecks.Finding> f = SplitChecks.builder().build().check(Samples.labeled(y), kfold);
        assertTrue(has(f, "missing_class", SplitChecks.Severity.WARNING, "[1, 2] are missing from the validation"),
                f.toString());
        assertTrue(has(f, "missing_class", SplitChecks.Severity.ERROR, "class(es) [2] never occur in the training"),
                f.toString());
        List<SplitChecks.Finding> stratified = SplitChecks.builder().build().check(Samples.labeled(y),
                new StratifiedKFold(2).split(Samples.labeled(y)).splits());
        assertEquals(List.of(), stratified);
    }

    @Test
    void batchProblemsAreReportedWithTheFix() {
        List<Split> splits = List.of(new Split(new int[33], new int[3]), new Split(new int[20], new int[3]));
        List<SplitChecks.Finding> f = SplitChecks.builder().optBatches(32, true, false).build()
                .check(Samples.of(36), splits);
        assertTrue(has(f, "last_batch_of_one", SplitChecks.Severity.ERROR, "leave a last batch of 1 sample"),
                f.toString());
        assertTrue(has(f, "small_fold", SplitChecks.Severity.WARNING, "20 training samples are fewer than "
                + "batch_size=32"), f.toString());
        assertTrue(SplitChecks.builder().optBatches(32, true, true).build().check(Samples.of(36), splits).stream()
                .noneMatch(x -> x.code().equals("last_batch_of_one")));
        SplitException e = assertThrows(SplitException.class, () -> SplitChecks.throwOnErrors(f));
        assertTrue(e.getMessage().contains("Expected more than 1 value per channel when training"));
    }

    @Test
    void crossValidationRefusesLeakySplits() {
        int[] groups = {1, 2, 3, 4, 1, 2, 3, 4};
        CrossValidation cv = CrossValidation.builder().setSplitter(new KFold(2))
                .setFitter(fold -> { throw new AssertionError("must not train on leaky splits"); })
                .optChecks(SplitChecks.builder().build()).build();
        SplitException e = assertThrows(SplitException.class, () -> cv.run(Samples.grouped(groups)));
        assertTrue(e.getMessage().contains("group(s) appear in both training and validation"), e.getMessage());
    }
}
