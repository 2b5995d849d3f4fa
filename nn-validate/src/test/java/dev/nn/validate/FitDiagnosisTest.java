package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.train.Divergence;
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
    void aTrainingLossWobblingNearZeroIsOverfittingNotUnstable() {
        // nn train --limit 4000 --epochs 30 on Fashion-MNIST: training loss at 0.016-0.036 (ten classes: baseline
        // ln 10 = 2.303) while the validation loss climbs past 1.1 -- memorizing, not oscillating
        double[] t = new double[30];
        double[] v = new double[30];
        for (int e = 0; e < 30; e++) {
            t[e] = e < 15 ? 1.0 / (e + 1) : (e % 2 == 0 ? 0.016 : 0.036);
            v[e] = e < 5 ? 0.6 - 0.05 * e : 0.4 + 0.027 * (e - 4);
        }
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optBaselineLoss(Math.log(10)).build()
                .diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, d.verdict(), d.report());

        double[] swinging = t.clone();   // the same wobble at the problem's scale is unstable
        for (int e = 15; e < 30; e++) {
            swinging[e] = e % 2 == 0 ? 0.4 : 0.9;
        }
        FitDiagnosis.Diagnosis unstable = FitDiagnosis.builder().optBaselineLoss(Math.log(10)).build()
                .diagnose(history(swinging, v));
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, unstable.verdict(), unstable.report());
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

    /** ln 10: the cross-entropy of predicting the class frequencies of ten balanced classes. */
    private static final double TEN_CLASSES = Math.log(10);

    private static TrainingSetup adam(double lr) {
        return new TrainingSetup("adam", lr, 0, 0, 0, "batch", "none");
    }

    private static TrainingSetup sgd(double lr, double momentum) {
        return new TrainingSetup("sgd", lr, momentum, 0, 0, "batch", "none");
    }

    private static boolean anyRemedy(FitDiagnosis.Diagnosis d, String fragment) {
        return d.remedies().stream().anyMatch(r -> r.contains(fragment));
    }

    @Test
    void aRunThatDivergedInItsFirstEpochIsUnstableWithTheStepAndTheLayer() {
        // nn train --optimizer sgd --lr 1e6: NaN at step 2, no epoch recorded
        Divergence where = new Divergence(1, 2, 7, 2, "training", Double.NaN, "layer 1 (Linear)",
                List.of("layer 1 (Linear): weight 5488 of 12544 values", "layer 4 (Linear): weight 160 of 160 values"));
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optBaselineLoss(TEN_CLASSES).optSetup(sgd(1e6, 0.9))
                .optPlannedEpochs(5).optDivergence(where).build().diagnose(FitHistory.builder().build());
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, d.verdict(), d.report());
        assertEquals(2.0, d.evidence().get("diverged_step"));
        assertEquals(2.0, d.evidence().get("diverged_batch"));
        assertEquals("the training loss became NaN at step 2 (epoch 1, batch 2 of 7); the first non-finite values "
                + "are in layer 1 (Linear): weight 5488 of 12544 values", d.reasons().getFirst());
        assertTrue(d.reasons().get(1).contains("layer 4 (Linear): weight 160 of 160 values"), d.report());
        assertEquals("lower the learning rate 10-100x (now 1e+06); sgd usually trains at 0.01 to 0.1",
                d.remedies().getFirst());
        assertTrue(anyRemedy(d, "use Adam instead of SGD"), d.report());
        assertFalse(d.report().contains("without interrupting"), d.report());
    }

    @Test
    void aDivergenceAfterGoodEpochsIsStillUnstable() {
        double[] t = {1.0, 0.6, 0.5};
        Divergence where = new Divergence(4, 3, 10, 33, "training", Double.POSITIVE_INFINITY, "layer 0 (Linear)",
                List.of("layer 0 (Linear): weight 12 of 12 values"));
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optBaselineLoss(TEN_CLASSES).optDivergence(where).build()
                .diagnose(history(t, t.clone()));
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, d.verdict(), d.report());
        assertEquals(33.0, d.evidence().get("diverged_step"));
        assertTrue(d.reasons().getFirst().startsWith("the training loss became Infinity at step 33 (epoch 4, batch 3"
                + " of 10)"), d.report());
    }

    @Test
    void aHugeFiniteLossIsUnstableNotUnderfitting() {
        // nn train --optimizer adam --lr 1e6: the loss stays finite, around 1e12, far above ln 10
        double[] t = {1.49e12, 3.37e10};
        double[] v = {3.17e12, 5.09e11};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optBaselineLoss(TEN_CLASSES).optSetup(adam(1e6))
                .optPlannedEpochs(2).build().diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, d.verdict(), d.report());
        assertEquals(1.49e12, d.evidence().get("train_loss_peak"));
        assertTrue(d.reasons().getFirst().contains("times the trivial baseline's 2.303"), d.report());
        assertEquals("lower the learning rate 10-100x (now 1e+06); adam usually trains at 1e-4 to 3e-3",
                d.remedies().getFirst());
        assertFalse(anyRemedy(d, "bigger model"), d.report());
        assertFalse(anyRemedy(d, "Adam"), "an Adam user is not told to use Adam: " + d.report());
    }

    @Test
    void aLossRisingAboveTheBaselineIsUnstable() {
        double[] t = {2.0, 2.2, 2.6, 3.1, 3.9, 5.0};
        double[] v = {2.1, 2.3, 2.8, 3.3, 4.1, 5.2};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optBaselineLoss(TEN_CLASSES).build()
                .diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, d.verdict(), d.report());
        assertTrue(d.reasons().getFirst().contains("rose above the trivial baseline's 2.303 and is still rising"),
                d.report());
    }

    @Test
    void withoutABaselineALossTenTimesItsStartHasExploded() {
        double[] t = {1, 3, 20, 15, 12};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().build().diagnose(history(t, t.clone()));
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, d.verdict(), d.report());
        assertTrue(d.reasons().getFirst().contains("grew 20.0-fold"), d.report());
    }

    @Test
    void oneEpochIsTooShortToTellNotUnderfitting() {
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optBaselineLoss(TEN_CLASSES).optSetup(adam(1e-3))
                .optPlannedEpochs(1).build().diagnose(history(new double[] {0.9}, new double[] {0.85}));
        assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, d.verdict(), d.report());
        assertTrue(d.reasons().getFirst().startsWith("only 1 epoch ran, fewer than the 5"), d.report());
        assertTrue(d.remedies().getFirst().startsWith("train longer: at least 5 epochs"), d.report());
        assertFalse(anyRemedy(d, "bigger model"), d.report());
    }

    @Test
    void threeEpochsAreTooShortToCallAGoodFit() {
        double[] t = {0.5, 0.1, 0.05};
        double[] v = {0.5, 0.12, 0.06};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optBaselineLoss(1.0).optPlannedEpochs(3).build()
                .diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, d.verdict(), d.report());
        assertEquals(3.0, d.evidence().get("epochs"));
        assertFalse(anyRemedy(d, "keep this configuration"), d.report());
    }

    @Test
    void anInterruptedRunSaysSoAndIsNotAGoodFit() {
        double[] t = {0.5, 0.1};
        double[] v = {0.5, 0.12};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optBaselineLoss(1.0).optPlannedEpochs(5)
                .optInterrupted(true).build().diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, d.verdict(), d.report());
        assertTrue(d.reasons().getFirst().startsWith("the run was interrupted after 2 of 5 epochs"), d.report());
        assertEquals("let the run finish: it stopped after 2 of 5 epochs", d.remedies().getFirst());
        // also when enough epochs ran for the other rules
        double[] longT = {0.5, 0.1, 0.05, 0.05, 0.05, 0.05};
        double[] longV = {0.5, 0.12, 0.06, 0.06, 0.06, 0.06};
        FitDiagnosis.Diagnosis later = FitDiagnosis.builder().optBaselineLoss(1.0).optPlannedEpochs(20)
                .optInterrupted(true).build().diagnose(history(longT, longV));
        assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, later.verdict(), later.report());
        assertTrue(later.reasons().getFirst().contains("interrupted after 6 of 20 epochs"), later.report());
        // and before the first epoch finished
        FitDiagnosis.Diagnosis none = FitDiagnosis.builder().optInterrupted(true).build()
                .diagnose(FitHistory.builder().build());
        assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, none.verdict(), none.report());
        assertTrue(none.reasons().getFirst().contains("interrupted before its first epoch finished"), none.report());
    }

    @Test
    void aShortRunEndedByEarlyStoppingIsJudgedByTheOtherRules() {
        double[] t = {0.5, 0.1, 0.05, 0.05};
        double[] v = {0.5, 0.12, 0.06, 0.06};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optBaselineLoss(1.0).optPlannedEpochs(20).build()
                .diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
    }

    @Test
    void theAdviceFollowsTheOptimizerAndTheRegularizationInUse() {
        double[] t = new double[10];
        double[] v = new double[10];
        for (int e = 0; e < 10; e++) {
            t[e] = 1.0 / (e + 1);
            v[e] = 1.1 * t[e];
        }
        FitDiagnosis.Diagnosis withAdam = FitDiagnosis.builder().optSetup(adam(1e-3)).build().diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, withAdam.verdict(), withAdam.report());
        assertFalse(withAdam.report().contains("momentum"), withAdam.report());
        assertFalse(anyRemedy(withAdam, "Adam"), "an Adam user is not told to use Adam: " + withAdam.report());
        assertTrue(anyRemedy(withAdam, "raise the learning rate a little (now 0.001"), withAdam.report());
        FitDiagnosis.Diagnosis plain = FitDiagnosis.builder().optSetup(sgd(0.05, 0)).build().diagnose(history(t, v));
        assertTrue(anyRemedy(plain, "use momentum (e.g. 0.9) or Adam"), plain.report());
        FitDiagnosis.Diagnosis withMomentum = FitDiagnosis.builder().optSetup(sgd(0.05, 0.9)).build()
                .diagnose(history(t, v));
        assertFalse(anyRemedy(withMomentum, "momentum"), withMomentum.report());
        assertTrue(anyRemedy(withMomentum, "raise the learning rate (now 0.05)"), withMomentum.report());

        double[] flat = {0.95, 0.9, 0.9, 0.9, 0.9, 0.9};
        double[] flatV = {0.97, 0.95, 0.95, 0.95, 0.95, 0.95};
        FitDiagnosis.Diagnosis unregularized = FitDiagnosis.builder().optBaselineLoss(1.0).optSetup(adam(1e-3))
                .build().diagnose(history(flat, flatV));
        assertEquals(FitDiagnosis.Verdict.UNDERFITTING, unregularized.verdict(), unregularized.report());
        assertFalse(unregularized.report().contains("regularization"), unregularized.report());
        assertFalse(unregularized.report().contains("dropout"), unregularized.report());
        FitDiagnosis.Diagnosis dropped = FitDiagnosis.builder().optBaselineLoss(1.0)
                .optSetup(new TrainingSetup("adamw", 1e-3, 0, 0.01, 0.5, "batch", "cosine")).build()
                .diagnose(history(flat, flatV));
        assertTrue(anyRemedy(dropped, "lower the dropout (now 0.5)"), dropped.report());
        assertTrue(anyRemedy(dropped, "lower the weight decay (now 0.01)"), dropped.report());

        double[] ot = new double[10];
        for (int e = 0; e < 10; e++) {
            ot[e] = 0.2 * (1 - 0.001 * e);
        }
        double[] ov = {0.5, 0.3, 0.25, 0.21, 0.22, 0.24, 0.26, 0.27, 0.28, 0.3};
        FitDiagnosis.Diagnosis over = FitDiagnosis.builder().optSetup(new TrainingSetup("adam", 1e-3, 0, 0, 0.2,
                "none", "none")).build().diagnose(history(ot, ov));
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, over.verdict(), over.report());
        assertTrue(anyRemedy(over, "add weight decay, e.g. 1e-4 (with Adam, AdamW's decoupled decay"), over.report());
        assertTrue(anyRemedy(over, "raise the dropout (now 0.2)"), over.report());
    }

    @Test
    void aValidationLossRisingWhileTrainingFallsIsOverfittingBelowTheRatio() {
        // nn cv: mean curves over folds, validation rising from its minimum at epoch 2 (the chart's third point),
        // ratio 1.996 at the end against the threshold 2
        double[] t = {1.0, 0.6, 0.4, 0.3, 0.25};
        double[] v = {1.05, 0.7, 0.45, 0.47, 0.499};
        List<FoldResult> folds = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            folds.add(new FoldResult(f, 10, 5, f, history(t, v), 0));
        }
        CrossValidationResult r = new CrossValidationResult("test", folds, List.of(), 0.95);
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optBaselineLoss(TEN_CLASSES).optPlannedEpochs(5).build()
                .diagnose(r);
        assertEquals(1.996, d.evidence().get("gap_ratio"), 1e-12);
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, d.verdict(), d.report());
        assertEquals(2.0, d.evidence().get("val_min_epoch"));
        assertTrue(d.reasons().stream().anyMatch(s -> s.contains("in 2 of the 2 epochs since, while the training "
                + "loss kept falling")), d.report());
        assertTrue(d.reasons().stream().anyMatch(s -> s.contains("ratio 1.996 is just under the threshold 2,")),
                d.report());
        assertTrue(anyRemedy(d, "best epoch 2"), d.report());
    }

    @Test
    void aRatioJustUnderTheThresholdWithFlatCurvesIsABorderlineGoodFit() {
        double[] t = {1, 0.5, 0.3, 0.3, 0.3, 0.3};
        double[] v = {1.1, 0.7, 0.585, 0.585, 0.585, 0.585};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optBaselineLoss(TEN_CLASSES).build().diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
        assertTrue(d.reasons().getLast().startsWith("borderline: the ratio 1.95 is within 10% of the over-fitting "
                + "threshold 2;"), d.report());
        assertTrue(anyRemedy(d, "watch the gap"), d.report());
    }

    @Test
    void aTrainingSetupChecksItsNumbers() {
        assertEquals("adam", new TrainingSetup("Adam", 1e-3, 0, 0, 0, "Batch", "None").optimizer());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingSetup("sgd", 0.1, 0.9, 0, 1.0, "none", "none"));
        assertTrue(e.getMessage().contains("dropout in [0, 1)"), e.getMessage());
        assertEquals("1e+06", FitDiagnosis.number(1e6));
        assertEquals("0.001", FitDiagnosis.number(1e-3));
        assertEquals("2.5e-05", FitDiagnosis.number(2.5e-5));
        assertEquals("Infinity", FitDiagnosis.number(Double.POSITIVE_INFINITY));
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
