package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The warning of a cross-validation whose folds disagree: coefficient of variation above 0.5 or worst/best above 3,
 * each checked on both sides of its edge (sample standard deviations worked out by hand).
 */
class FoldDisagreementTest {
    private static CrossValidationResult withValidationLosses(double... val) {
        List<FoldResult> folds = new ArrayList<>();
        for (int f = 0; f < val.length; f++) {
            FitHistory h = FitHistory.of(Map.of("loss", new double[] {0.1}, "val_loss", new double[] {val[f]}));
            folds.add(new FoldResult(f, 10, 5, f, h, 0));
        }
        return new CrossValidationResult("KFold(n_splits=" + val.length + ")", folds, List.of(), 0.95);
    }

    private static double[] with(double low, double high, double middle, int middles) {
        double[] v = new double[middles + 2];
        java.util.Arrays.fill(v, middle);
        v[0] = low;
        v[1] = high;
        return v;
    }

    @Test
    void twoFoldsFourTimesApartDisagree() {
        // mean 2.5, sample std 3 / sqrt 2 = 2.121: coefficient of variation 0.85
        CrossValidationResult r = withValidationLosses(1, 4);
        assertEquals(List.of("Folds disagree strongly on val_loss: [1.0, 4.0] (coefficient of variation 0.85, worst "
                + "fold 1 at 4.000 vs best 1.000). The mean hides it: check for ordered data (shuffle), groups split "
                + "across folds (GroupKFold), outliers, or use more data / RepeatedKFold."), r.warnings());
        assertEquals("KFold(n_splits=2)", r.splitter());
        assertTrue(r.toString().endsWith("\nwarning: " + r.warnings().getFirst() + "\n"), r.toString());
    }

    @Test
    void theFirstOfEqualWorstFoldsIsNamed() {
        // 4, 1, 4: mean 3, sample std sqrt(3), coefficient of variation 0.58
        assertTrue(withValidationLosses(4, 1, 4).warnings().getFirst().contains("worst fold 0 at 4.000 vs best 1.000"));
    }

    @Test
    void exactlyHalfTheMeanAndExactlyThreeTimesAreNotDisagreement() {
        // 0.5, 1, 1.5: coefficient of variation exactly 0.5 and worst / best exactly 3
        assertEquals(List.of(), withValidationLosses(0.5, 1, 1.5).warnings());
        // 1, 3 and eight folds at 2: ratio exactly 3, coefficient of variation sqrt(2/9) / 2 = 0.24
        assertEquals(List.of(), withValidationLosses(with(1, 3, 2, 8)).warnings());
    }

    @Test
    void aRatioAboveThreeAloneIsDisagreement() {
        // 0.5, 2 and eight folds at 1.25: ratio 4, coefficient of variation sqrt(1.125 / 9) / 1.25 = 0.28
        assertTrue(withValidationLosses(with(0.5, 2, 1.25, 8)).warnings().getFirst()
                .contains("coefficient of variation 0.28, worst fold 1 at 2.000 vs best 0.5000"));
    }

    @Test
    void aZeroLossMakesNoRatio() {
        // 0 and nine folds at 2: mean 1.8, sample std sqrt(0.4) = 0.63, coefficient of variation 0.35
        assertEquals(List.of(), withValidationLosses(with(0, 2, 2, 8)).warnings());
    }

    @Test
    void oneFoldOrNoValidationLossGivesNoWarning() {
        assertEquals(List.of(), withValidationLosses(1).warnings());
        List<FoldResult> trainOnly = List.of(
                new FoldResult(0, 10, 5, 0, FitHistory.of(Map.of("loss", new double[] {1})), 0),
                new FoldResult(1, 10, 5, 1, FitHistory.of(Map.of("loss", new double[] {9})), 0));
        assertEquals(List.of(), new CrossValidationResult("KFold", trainOnly, List.of(), 0.95).warnings());
    }
}
