package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each rule of the diagnosis on a history built to show exactly that symptom. */
class FitDiagnosisTest {
    private static FitHistory history(double[] train, double[] val) {
        return FitHistory.of(Map.of("loss", train, "val_loss", val));
    }

    @Test
    void nonFiniteLossIsUnstable() {
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().build()
                .diagnose(history(new double[] {1, 0.5, Double.NaN}, new double[] {1, 0.6, Double.NaN}));
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, d.verdict());
        assertEquals(2.0, d.evidence().get("first_bad_epoch"));
        assertTrue(d.remedies().getFirst().contains("lower the learning rate"));
    }

    @Test
    void oscillatingTrainingLossIsUnstable() {
        double[] t = {1, 0.5, 0.4, 0.3, 0.3, 0.6, 0.25, 0.7, 0.2, 0.8, 0.3, 0.9};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().build().diagnose(history(t, t.clone()));
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, d.verdict(), d.report());
        assertTrue(d.reasons().getFirst().contains("rose in 3 of the last 5 epochs"), d.report());
    }

    @Test
    void stillFallingIsNotConverged() {
        double[] t = new double[10];
        double[] v = new double[10];
        for (int e = 0; e < 10; e++) {
            t[e] = 1.0 / (e + 1);
            v[e] = 1.1 * t[e];
        }
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().build().diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, d.verdict(), d.report());
        assertEquals(0.25, d.evidence().get("train_drop_last_fifth"), 1e-12);
        assertTrue(d.remedies().getFirst().contains("train longer"));
    }

    @Test
    void risingValidationLossIsOverfittingWithTheBestEpoch() {
        double[] t = new double[10];
        for (int e = 0; e < 10; e++) {
            t[e] = 0.2 * (1 - 0.001 * e);
        }
        double[] v = {0.5, 0.3, 0.25, 0.21, 0.22, 0.24, 0.26, 0.27, 0.28, 0.3};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().build().diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, d.verdict(), d.report());
        assertEquals(3.0, d.evidence().get("val_min_epoch"));
        assertTrue(d.remedies().stream().anyMatch(r -> r.contains("best epoch 3")), d.report());
    }

    @Test
    void noBetterThanTheTrivialBaselineIsUnderfitting() {
        double[] t = {0.95, 0.9, 0.9, 0.9, 0.9, 0.9};
        double[] v = {0.97, 0.95, 0.95, 0.95, 0.95, 0.95};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optBaselineLoss(1.0).build().diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.UNDERFITTING, d.verdict(), d.report());
        assertTrue(d.reasons().getFirst().contains("90% of the trivial baseline"), d.report());
        assertTrue(d.report().contains("try: use a bigger model"));
    }

    @Test
    void closeLowLossesAreAGoodFit() {
        double[] t = {0.5, 0.1, 0.05, 0.05, 0.05, 0.05};
        double[] v = {0.5, 0.12, 0.06, 0.06, 0.06, 0.06};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optBaselineLoss(1.0).build().diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
    }

    @Test
    void foldsThatDisagreeMakeTheEstimateUnstable() {
        List<FoldResult> folds = new ArrayList<>();
        double[] level = {0.1, 0.1, 0.9};
        for (int f = 0; f < 3; f++) {
            double[] s = {level[f] * 2, level[f], level[f], level[f], level[f]};
            folds.add(new FoldResult(f, 10, 5, f, history(s, s.clone()), 0));
        }
        CrossValidationResult r = new CrossValidationResult("test", folds, List.of(), 0.95);
        assertTrue(r.warnings().getFirst().startsWith("Folds disagree strongly on val_loss"), r.warnings().toString());
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().build().diagnose(r);
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, d.verdict(), d.report());
        assertEquals(Estimate.of(level).std() / Estimate.of(level).mean(), d.evidence().get("fold_val_loss_cv"),
                1e-12);
    }

    @Test
    void trivialBaselines() {
        assertEquals(Math.log(3), FitDiagnosis.classPriorCrossEntropy(new int[] {0, 1, 2, 0, 1, 2},
                new int[] {2, 1, 0}), 1e-15);
        assertEquals(-Math.log(0.75), FitDiagnosis.classPriorCrossEntropy(new int[] {1, 1, 1, 0},
                new int[] {1}), 1e-15);
        // predicting the training mean 2 for targets 1 and 5: ((1-2)^2 + (5-2)^2) / 2
        assertEquals(5.0, FitDiagnosis.meanPredictorMse(new float[] {1, 2, 3}, new float[] {1, 5}), 1e-15);
    }

    @Test
    void badThresholdsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FitDiagnosis.builder().optTargetLoss(0));
        assertTrue(e.getMessage().contains("target loss must be a positive finite number, got 0.0"));
    }
}
