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

/**
 * Every threshold of {@link FitDiagnosis} on both sides of its edge, with curves whose numbers put the decisive
 * quantity exactly on the threshold (binary fractions, so the comparison is exact), and the numbers of every reason
 * worked out by hand from the rule in the class documentation.
 */
class FitDiagnosisThresholdsTest {
    private static final FitDiagnosis DEFAULTS = FitDiagnosis.builder().build();

    private static FitHistory history(double[] train, double[] val) {
        return FitHistory.of(Map.of("loss", train, "val_loss", val));
    }

    private static FitDiagnosis.Diagnosis judge(double[] train, double[] val) {
        return DEFAULTS.diagnose(history(train, val));
    }

    private static boolean anyReason(FitDiagnosis.Diagnosis d, String fragment) {
        return d.reasons().stream().anyMatch(r -> r.contains(fragment));
    }

    // ---- the report and the evidence

    @Test
    void theReportListsTheEvidenceTheReasonsAndTheRemedies() {
        double[] t = {0.5, 0.1, 0.05, 0.05, 0.05, 0.05};
        double[] v = {0.5, 0.12, 0.0625, 0.0625, 0.0625, 0.0625};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optBaselineLoss(2).build().diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
        assertEquals(0.0125, d.evidence().get("gap"), 1e-15);
        assertEquals(1.25, d.evidence().get("gap_ratio"), 1e-12);
        assertEquals(0.03125, d.evidence().get("val_over_baseline"), 1e-15);
        assertEquals(6.0, d.evidence().get("epochs"));
        assertFalse(d.evidence().containsKey("planned_epochs"), "no planned epochs were given: " + d.evidence());
        String report = d.report();
        assertTrue(report.startsWith("Diagnosis: GOOD_FIT\n  train_loss "), report);
        assertTrue(report.contains("\n  gap_ratio              1.25000"), report);
        assertTrue(report.contains("\n  because training loss 0.05000 and validation loss 0.06250 are close (ratio "
                + "1.25)"), report);
        assertTrue(report.endsWith("\n  try: keep this configuration; confirm once on the untouched test set"), report);
        assertEquals(report, d.toString());

        FitDiagnosis.Diagnosis planned = FitDiagnosis.builder().optBaselineLoss(2).optPlannedEpochs(6).build()
                .diagnose(history(t, v));
        assertEquals(6.0, planned.evidence().get("planned_epochs"));
    }

    @Test
    void aRunWithoutAnEpochSaysWhatWasPlanned() {
        FitDiagnosis.Diagnosis stopped = FitDiagnosis.builder().optPlannedEpochs(5).build()
                .diagnose(FitHistory.builder().build());
        assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, stopped.verdict());
        assertEquals(Map.of("epochs", 0.0, "planned_epochs", 5.0), stopped.evidence());
        assertEquals(List.of("training stopped before the first epoch finished: there is nothing to judge"),
                stopped.reasons());
        assertEquals("run again and let at least one epoch finish; use fewer samples for a quick look",
                stopped.remedies().getFirst());
        assertEquals(Map.of("epochs", 0.0), DEFAULTS.diagnose(FitHistory.builder().build()).evidence());
    }

    @Test
    void aDivergenceBetweenEpochsHasNoBatchAndOneFinding() {
        Divergence where = new Divergence(3, 0, 10, 30, "validation", Double.NaN, "layer 0 (Linear)",
                List.of("layer 0 (Linear): bias 1 of 4 values"));
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optDivergence(where).build()
                .diagnose(history(new double[] {1, 0.5, 0.4, 0.3}, new double[] {1, 0.5, 0.4, 0.3}));
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, d.verdict());
        assertEquals(3.0, d.evidence().get("diverged_epoch"));
        assertEquals(30.0, d.evidence().get("diverged_step"));
        assertFalse(d.evidence().containsKey("diverged_batch"), d.evidence().toString());
        assertEquals(List.of("the validation loss became NaN after epoch 3 (step 30); the first non-finite values are"
                + " in layer 0 (Linear): bias 1 of 4 values"), d.reasons());
    }

    @Test
    void anInfiniteValidationLossIsNamed() {
        FitDiagnosis.Diagnosis d = judge(new double[] {1, 0.5}, new double[] {1, Double.POSITIVE_INFINITY});
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, d.verdict());
        assertEquals(1.0, d.evidence().get("first_bad_epoch"));
        assertEquals("the loss became Infinity at epoch 1", d.reasons().getFirst());
    }

    // ---- rule 1: exploded

    @Test
    void theFirstOfEqualPeaksIsReportedAndTheFoldIsPeakOverStart() {
        // no baseline: 24 is 12 times the first epoch's 2, above the factor 10
        FitDiagnosis.Diagnosis d = judge(new double[] {2, 24, 24, 5, 5}, new double[] {2, 24, 24, 5, 5});
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, d.verdict(), d.report());
        assertEquals(1.0, d.evidence().get("train_loss_peak_epoch"));
        assertEquals("the training loss grew 12.0-fold from 2.000 at epoch 0 to 24.00 at epoch 1: training diverged",
                d.reasons().getFirst());
        FitDiagnosis.Diagnosis twoEpochs = judge(new double[] {1, 11}, new double[] {1, 11});
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, twoEpochs.verdict(), twoEpochs.report());
    }

    @Test
    void exactlyTenTimesTheStartOrTheBaselineHasNotExploded() {
        double[] t = {1, 10, 9};
        assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, judge(t, t.clone()).verdict());
        // a first epoch at 0 gives no scale to grow from
        double[] fromZero = {0, 5, 4};
        assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, judge(fromZero, fromZero.clone()).verdict());
        // 10 = 10 x baseline 1 is not above it; then still falling: 66.7% over the last 2 epochs
        double[] atBaseline = {1.5, 10, 0.5, 0.4, 0.3};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optBaselineLoss(1).build()
                .diagnose(history(atBaseline, atBaseline.clone()));
        assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, d.verdict(), d.report());
        assertTrue(d.reasons().getFirst().startsWith("the training loss was still falling: 66.7% over the last 2 "
                + "epochs (0.5000 -> 0.3000)"), d.report());
    }

    @Test
    void aPeakAboveTenBaselinesIsReportedAsAMultipleOfIt() {
        double[] t = {3, 30, 2, 1, 1};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optBaselineLoss(2).build().diagnose(history(t, t.clone()));
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, d.verdict(), d.report());
        assertTrue(d.reasons().getFirst().startsWith("the training loss reached 30.00 at epoch 1, 15.0 times the "
                + "trivial baseline's 2.000"), d.report());
    }

    @Test
    void aLossAboveTheBaselineMustBeStrictlyRisingToHaveDiverged() {
        FitDiagnosis rules = FitDiagnosis.builder().optBaselineLoss(2).build();
        // two epochs are enough: above the baseline 2, above the start and rising
        double[] rising = {2.5, 3.0};
        FitDiagnosis.Diagnosis d = rules.diagnose(history(rising, rising.clone()));
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, d.verdict(), d.report());
        assertEquals("the training loss rose above the trivial baseline's 2.000 and is still rising (2.500 at epoch 0,"
                + " 3.000 at the end): training diverges", d.reasons().getFirst());
        // ending exactly at the baseline, exactly at the start, or level with the epoch before: not diverging
        for (double[] t : new double[][] {{1.5, 1.75, 2.0}, {2.5, 2.25, 2.5}, {2.25, 2.5, 2.5}}) {
            FitDiagnosis.Diagnosis notYet = rules.diagnose(history(t, t.clone()));
            assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, notYet.verdict(), notYet.report());
        }
    }

    // ---- rule 2: oscillating

    @Test
    void eightEpochsOfSwingingAreUnstable() {
        // last half 0.2, 0.6, 0.2, 0.6: 2 rises in 3 steps (> 40%), swing (0.6 - 0.2) / median 0.6 = 67%
        double[] t = {1, 0.8, 0.6, 0.5, 0.2, 0.6, 0.2, 0.6};
        FitDiagnosis.Diagnosis d = judge(t, t.clone());
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, d.verdict(), d.report());
        assertEquals(2.0 / 3, d.evidence().get("train_rises_in_last_half"), 1e-15);
        assertEquals("the training loss oscillates or diverges: it rose in 2 of the last 3 epochs, swinging by 67% of "
                + "its median, and ended at 0.6000 vs its minimum 0.2000", d.reasons().getFirst());
    }

    @Test
    void swingingWhileEndingAtTwiceTheMinimumIsStillUnstable() {
        // last half 0.3, 0.7, 0.3, 0.6: 2 rises in 3 steps, swing (0.7 - 0.3) / 0.6 = 67%; the end 0.6 is not above
        // twice the minimum 0.3, so the swing alone decides
        double[] t = {1, 0.8, 0.6, 0.5, 0.3, 0.7, 0.3, 0.6};
        FitDiagnosis.Diagnosis d = judge(t, t.clone());
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, d.verdict(), d.report());
    }

    @Test
    void aLevelStepIsNotARise() {
        // last half 0.2, 0.2, 0.6, 0.2: one rise in 3 steps (33%), below 40%
        double[] t = {1, 0.8, 0.6, 0.4, 0.2, 0.2, 0.6, 0.2};
        FitDiagnosis.Diagnosis d = judge(t, t.clone());
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
        assertEquals(1.0 / 3, d.evidence().get("train_rises_in_last_half"), 1e-15);
    }

    @Test
    void exactlyFortyPercentRisesIsNotOscillating() {
        // last half 0.2, 0.6, 0.2, 0.6, 0.2, 0.2: 2 rises in 5 steps = 40%, not more; still falling by 200% over the
        // last two epochs (0.6 -> 0.2)
        double[] t = {1, 0.9, 0.8, 0.7, 0.5, 0.3, 0.2, 0.6, 0.2, 0.6, 0.2, 0.2};
        FitDiagnosis.Diagnosis d = judge(t, t.clone());
        assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, d.verdict(), d.report());
        assertEquals(0.4, d.evidence().get("train_rises_in_last_half"), 1e-15);
    }

    @Test
    void aSwingOfExactlyHalfTheMedianIsNotOscillating() {
        // last half 0.5, 1, 0.5, 1: swing (1 - 0.5) / 1 = 50%; and it ends at exactly twice its minimum
        double[] t = {2, 1.75, 1.5, 1.25, 0.5, 1, 0.5, 1};
        FitDiagnosis.Diagnosis d = judge(t, t.clone());
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
    }

    @Test
    void endingAtExactlyTwiceTheMinimumIsNotDiverging() {
        double[] t = {2, 1.5, 0.5, 1, 1, 1, 1, 1};
        FitDiagnosis.Diagnosis d = judge(t, t.clone());
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
    }

    @Test
    void aSwingNoLargerThanTheReachableLossIsNoise() {
        // range 0.75 - 0.25 = 0.5 = the target loss: a change of that size is not significant
        double[] t = {1.5, 1.25, 1, 0.875, 0.25, 0.75, 0.25, 0.75};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optTargetLoss(0.5).build().diagnose(history(t, t.clone()));
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
    }

    // ---- rule 3: too short to tell, interrupted

    @Test
    void aShortRunSaysWhatItSawSoFar() {
        FitDiagnosis.Diagnosis withBaseline = FitDiagnosis.builder().optBaselineLoss(2).build()
                .diagnose(history(new double[] {0.9}, new double[] {1.0}));
        assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, withBaseline.verdict());
        assertEquals("so far: training loss 0.9000 (45% of the trivial baseline's 2.000), validation loss 1.000 (ratio"
                + " 1.11)", withBaseline.reasons().get(1));
        FitDiagnosis.Diagnosis without = judge(new double[] {0.9}, new double[] {1.0});
        assertEquals("so far: training loss 0.9000, validation loss 1.000 (ratio 1.11)", without.reasons().get(1));
    }

    @Test
    void anInterruptedRunWithoutAPlanCountsItsEpochs() {
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optInterrupted(true).build()
                .diagnose(history(new double[] {0.5, 0.25}, new double[] {0.5, 0.3}));
        assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, d.verdict());
        assertTrue(d.reasons().getFirst().startsWith("the run was interrupted after 2 epochs: the loss curves stop"),
                d.report());
        assertEquals("run again without interrupting", d.remedies().getFirst());
    }

    @Test
    void anInterruptedRunWithAGapIsOverfittingAndSaysItWasInterrupted() {
        double[] t = {1, 0.5, 0.25, 0.25, 0.25, 0.25};
        double[] v = {1, 0.9, 1, 1, 1, 1};
        FitDiagnosis.Diagnosis planned = FitDiagnosis.builder().optInterrupted(true).optPlannedEpochs(20).build()
                .diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, planned.verdict(), planned.report());
        assertEquals("the run was interrupted after 6 of 20 epochs", planned.reasons().getFirst());
        FitDiagnosis.Diagnosis unplanned = FitDiagnosis.builder().optInterrupted(true).build().diagnose(history(t, v));
        assertEquals("the run was interrupted after 6 epochs", unplanned.reasons().getFirst());
    }

    @Test
    void aGapInAShortRunSaysHowShortItWas() {
        FitDiagnosis.Diagnosis one = judge(new double[] {0.1}, new double[] {0.5});
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, one.verdict(), one.report());
        assertEquals(List.of("the validation loss 0.5000 is 5.00 times the training loss 0.1000 (gap 0.4000): the "
                + "model fits its training data much better than new data", "this shows after only 1 epoch; more "
                + "epochs would widen the gap"), one.reasons());
        FitDiagnosis.Diagnosis two = judge(new double[] {0.2, 0.1}, new double[] {0.5, 0.5});
        assertEquals("this shows after only 2 epochs; more epochs would widen the gap", two.reasons().get(1));
        double[] t = {1, 0.5, 0.25, 0.25, 0.25};
        FitDiagnosis.Diagnosis five = judge(t, new double[] {1, 0.9, 1, 1, 1});
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, five.verdict(), five.report());
        assertEquals(1, five.reasons().size(), "five epochs are not a short run: " + five.reasons());
        assertEquals("early stopping with best-weights restore", five.remedies().get(2),
                "a gap alone names no best epoch: " + five.remedies());
    }

    // ---- rule 4: still learning

    @Test
    void fiveEpochsStillFallingAboveTheTargetAreNotConverged() {
        // drop over the last 2 epochs (0.7 - 0.5) / 0.5 = 40%; 0.5 is above 1.5 x the target 0.25
        double[] t = {1, 0.8, 0.7, 0.6, 0.5};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optTargetLoss(0.25).build().diagnose(history(t, t.clone()));
        assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, d.verdict(), d.report());
        assertEquals(0.4, d.evidence().get("train_drop_last_fifth"), 1e-15);
    }

    @Test
    void fallingToExactlyOneAndAHalfTimesTheTargetIsConverged() {
        double[] t = {1, 0.8, 0.6, 0.5, 0.375};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optTargetLoss(0.25).build().diagnose(history(t, t.clone()));
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
    }

    @Test
    void aDropOfExactlyTheConvergenceThresholdIsConverged() {
        // (0.75 - 0.5) / 0.5 = 0.5, the threshold set here
        double[] t = {1, 0.875, 0.75, 0.625, 0.5};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optConvergenceDrop(0.5).build()
                .diagnose(history(t, t.clone()));
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
        assertEquals(0.5, d.evidence().get("train_drop_last_fifth"));
    }

    @Test
    void aValidationLossAtExactlyFivePercentAboveItsMinimumStillFollows() {
        // 1.05 = 1.05 x the minimum 1: the validation loss is still with the training loss
        double[] t = {2, 0.875, 0.75, 0.625, 0.5};
        double[] v = {1.25, 1, 1.02, 1.04, 1.05};
        FitDiagnosis.Diagnosis d = judge(t, v);
        assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, d.verdict(), d.report());
    }

    @Test
    void anEarlierKeptEpochIsNotJudgedByTheCurvesEnd() {
        // kept epoch 0: training loss 1, validation 1.1; the curves fall afterwards, but those weights were not kept
        double[] t = {1, 0.5, 0.375, 0.25, 0.2};
        double[] v = {1.1, 0.6, 0.4, 0.3, 0.22};
        FitDiagnosis.Diagnosis d = DEFAULTS.diagnose(history(t, v).withFinalEpoch(0));
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
        assertEquals(1.0, d.evidence().get("train_loss"));
    }

    // ---- rule 5: under-fitting

    @Test
    void exactlyThreeTimesTheTargetIsNotUnderfitting() {
        double[] t = {1, 0.875, 0.75, 0.75, 0.75, 0.75};
        double[] v = {1, 0.875, 0.8, 0.8, 0.8, 0.8};
        FitDiagnosis rules = FitDiagnosis.builder().optTargetLoss(0.25).build();
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, rules.diagnose(history(t, v)).verdict());
        double[] high = {1, 0.95, 0.9, 0.9, 0.9, 0.9};
        double[] highV = {1, 1, 1, 1, 1, 1};
        FitDiagnosis.Diagnosis d = rules.diagnose(history(high, highV));
        assertEquals(FitDiagnosis.Verdict.UNDERFITTING, d.verdict(), d.report());
        assertEquals(List.of("the training loss 0.9000 is 3.60 times the reachable 0.2500: the model cannot even fit "
                + "the data it is trained on", "validation loss 1.000, gap 0.1000 (ratio 1.11)"), d.reasons());
        assertEquals(3.6, d.evidence().get("train_over_target"), 1e-12);
    }

    @Test
    void exactlyAQuarterOfTheBaselineIsNotUnderfitting() {
        double[] t = {1, 0.75, 0.5, 0.5, 0.5, 0.5};
        double[] v = {1, 0.8, 0.55, 0.55, 0.55, 0.55};
        FitDiagnosis rules = FitDiagnosis.builder().optBaselineLoss(2).build();
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, rules.diagnose(history(t, v)).verdict());
        double[] high = {1, 0.95, 0.9, 0.9, 0.9, 0.9};
        FitDiagnosis.Diagnosis d = rules.diagnose(history(high, new double[] {1, 1, 1, 1, 1, 1}));
        assertEquals(FitDiagnosis.Verdict.UNDERFITTING, d.verdict(), d.report());
        assertEquals("the training loss 0.9000 is 45% of the trivial baseline's 2.000: the model explains little even"
                + " of its training data", d.reasons().getFirst());
    }

    // ---- rule 6: over-fitting

    @Test
    void aValidationLossExactlyTwiceTheTrainingLossIsABorderlineGoodFit() {
        double[] t = {1, 0.5, 0.25, 0.25, 0.25, 0.25};
        double[] v = {1, 0.6, 0.5, 0.5, 0.5, 0.5};
        FitDiagnosis.Diagnosis d = judge(t, v);
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
        assertTrue(d.reasons().getLast().startsWith("borderline: the ratio 2 is within 10% of the over-fitting "
                + "threshold 2;"), d.report());
    }

    @Test
    void aGapNoLargerThanTheReachableLossIsNotOverfitting() {
        // ratio 3, but the gap 0.75 - 0.25 = 0.5 is the target loss itself
        double[] t = {1, 0.5, 0.25, 0.25, 0.25, 0.25};
        double[] v = {1.25, 0.875, 0.75, 0.75, 0.75, 0.75};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optTargetLoss(0.5).build().diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
    }

    @Test
    void aGapBelowFivePercentOfTheBaselineIsNoise() {
        // baseline 2: a gap must exceed 0.1; 0.125 - 0.05 = 0.075 does not, though the ratio is 2.5
        FitDiagnosis rules = FitDiagnosis.builder().optBaselineLoss(2).build();
        double[] t = {1, 0.5, 0.05, 0.05, 0.05, 0.05};
        FitDiagnosis.Diagnosis small = rules.diagnose(history(t, new double[] {1, 0.6, 0.125, 0.125, 0.125, 0.125}));
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, small.verdict(), small.report());
        FitDiagnosis.Diagnosis large = rules.diagnose(history(t, new double[] {1, 0.6, 0.25, 0.25, 0.25, 0.25}));
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, large.verdict(), large.report());
    }

    @Test
    void aValidationLossUpTwentyPercentFromItsMinimumAfterFiveEpochsIsOverfitting() {
        // minimum 0.5 at epoch 1; 0.7 at the end is 40% up, with one rise in the three epochs since
        double[] t = {1, 0.45, 0.4, 0.38, 0.36};
        double[] v = {1, 0.5, 0.9, 0.8, 0.7};
        FitDiagnosis.Diagnosis d = judge(t, v);
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, d.verdict(), d.report());
        assertEquals(0.5, d.evidence().get("val_min"));
        assertEquals(1.0, d.evidence().get("val_min_epoch"));
        assertEquals(1.0, d.evidence().get("val_rising_epochs"));
        assertTrue(anyReason(d, "the validation loss rose 40.0% from its minimum 0.5000 at epoch 1, in 1 of the 3 "
                + "epochs since, while the training loss kept falling (0.4500 -> 0.3600)"), d.report());
        // 0.7 / 0.36 = 1.944 is within 10% of the threshold 2
        assertTrue(anyReason(d, "the validation/training ratio 1.944 is just under the threshold 2, but the curves "
                + "already part"), d.report());
        assertTrue(d.remedies().contains("early stopping with best-weights restore (best epoch 1)"), d.report());
    }

    @Test
    void aLevelStepOfTheValidationLossIsNotARise() {
        double[] t = {1, 0.45, 0.4, 0.38, 0.36};
        double[] v = {1, 0.5, 0.9, 0.9, 0.7};
        FitDiagnosis.Diagnosis d = judge(t, v);
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, d.verdict(), d.report());
        assertEquals(1.0, d.evidence().get("val_rising_epochs"));
    }

    @Test
    void exactlyTwentyPercentUpIsNotARise() {
        // 0.6 = 1.2 x 0.5
        FitDiagnosis.Diagnosis d = judge(new double[] {1, 0.45, 0.4, 0.38, 0.36}, new double[] {1, 0.5, 0.9, 0.8, 0.6});
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
    }

    @Test
    void aMinimumInTheLastTenthOfTheEpochsIsTooRecentToJudge() {
        // five epochs: the minimum must be before epoch 5 - 1 - max(1, 5 / 10) = 3; here it is at epoch 3
        FitDiagnosis.Diagnosis d = judge(new double[] {1, 0.5, 0.45, 0.4, 0.36}, new double[] {1, 0.8, 0.7, 0.5, 0.7});
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
    }

    @Test
    void aValidationRiseWhileTrainingIsLevelIsNotOverfitting() {
        double[] level = {1, 0.4, 0.4, 0.4, 0.4};
        FitDiagnosis.Diagnosis jump = judge(level, new double[] {1, 0.5, 0.9, 0.8, 0.7});
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, jump.verdict(), jump.report());
        FitDiagnosis.Diagnosis steady = judge(level, new double[] {1, 0.5, 0.52, 0.54, 0.56});
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, steady.verdict(), steady.report());
    }

    @Test
    void aSteadyRiseOverTwoEpochsIsOverfitting() {
        double[] t = {1.0, 0.6, 0.4, 0.3, 0.25};
        double[] v = {1.05, 0.7, 0.45, 0.47, 0.499};
        FitDiagnosis.Diagnosis d = judge(t, v);
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, d.verdict(), d.report());
        assertEquals(2.0, d.evidence().get("val_rising_epochs"));
    }

    @Test
    void twoRisesInThreeEpochsAreSteady() {
        // 3 x 2 rises = 2 x 3 epochs since the minimum; 0.56 is 12% above 0.5 (more than 2%, less than 20%)
        double[] t = {1.0, 0.45, 0.4, 0.38, 0.36};
        double[] v = {1.0, 0.5, 0.55, 0.54, 0.56};
        FitDiagnosis.Diagnosis d = judge(t, v);
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, d.verdict(), d.report());
        // 0.56 / 0.36 = 1.556, more than 10% under the threshold
        assertTrue(anyReason(d, "the validation/training ratio 1.556 is under the threshold 2"), d.report());
    }

    @Test
    void aRiseOfExactlyTheToleranceIsNotSteady() {
        // 0.5625 = (1 + 0.125) x 0.5
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optValRise(0.125).build()
                .diagnose(history(new double[] {1.0, 0.45, 0.4, 0.38, 0.36}, new double[] {1.0, 0.5, 0.52, 0.54,
                    0.5625}));
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
    }

    @Test
    void aRatioOfExactlyNineTenthsOfTheThresholdIsJustUnder() {
        // 0.9 / 0.5 = 1.8 = (1 - 0.1) x 2
        double[] t = {1.0, 0.6, 0.55, 0.52, 0.5};
        double[] v = {1.2, 0.7, 0.8, 0.85, 0.9};
        FitDiagnosis.Diagnosis d = judge(t, v);
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, d.verdict(), d.report());
        assertTrue(anyReason(d, "the validation/training ratio 1.8 is just under the threshold 2"), d.report());
    }

    // ---- cross-validation: spread and kept epochs

    private static CrossValidationResult folds(double[] train, double[]... val) {
        List<FoldResult> folds = new ArrayList<>();
        for (int f = 0; f < val.length; f++) {
            folds.add(new FoldResult(f, 10, 5, f, history(train, val[f]), 0));
        }
        return new CrossValidationResult("test", folds, List.of(), 0.95);
    }

    private static double[] flat(double first, double level) {
        return new double[] {first, level, level, level, level};
    }

    @Test
    void foldsVaryingByExactlyHalfTheirMeanAgree() {
        // fold validation losses 0.5, 1, 1.5: mean 1, sample std 0.5, coefficient of variation exactly 0.5
        CrossValidationResult r = folds(flat(2, 1), flat(2, 0.5), flat(2, 1), flat(2, 1.5));
        FitDiagnosis.Diagnosis d = DEFAULTS.diagnose(r);
        assertEquals(0.5, d.evidence().get("fold_val_loss_cv"), 1e-15);
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
        // gap and spread: over-fitting, without the "as well" at exactly 0.5
        CrossValidationResult gap = folds(flat(1, 0.1), flat(1, 0.5), flat(1, 1), flat(1, 1.5));
        FitDiagnosis.Diagnosis over = DEFAULTS.diagnose(gap);
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, over.verdict(), over.report());
        assertFalse(anyReason(over, "disagree"), over.report());
    }

    @Test
    void foldsThatDisagreeSayByHowMuch() {
        // 0.5, 0.5, 2: mean 1, sample std sqrt(0.75) = 0.866
        CrossValidationResult gap = folds(flat(1, 0.1), flat(1, 0.5), flat(1, 0.5), flat(1, 2));
        FitDiagnosis.Diagnosis over = DEFAULTS.diagnose(gap);
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, over.verdict(), over.report());
        assertTrue(anyReason(over, "the folds disagree as well (validation loss varies by 87% across folds), another "
                + "sign of high variance"), over.report());
        CrossValidationResult level = folds(flat(2, 1), flat(2, 0.5), flat(2, 0.5), flat(2, 2));
        FitDiagnosis.Diagnosis unstable = DEFAULTS.diagnose(level);
        assertEquals(FitDiagnosis.Verdict.UNSTABLE, unstable.verdict(), unstable.report());
        assertEquals("the folds disagree: the validation loss varies by 87% (coefficient of variation) across folds, so"
                + " the mean is not a reliable estimate", unstable.reasons().getLast());
    }

    @Test
    void foldsThatKeptAnEarlierEpochAreNotJudgedByTheRiseAfterIt() {
        // the curves of aSteadyRiseOverTwoEpochsIsOverfitting, but early stopping kept epoch 2 of every fold
        double[] t = {1.0, 0.6, 0.4, 0.3, 0.25};
        double[] v = {1.05, 0.7, 0.45, 0.47, 0.499};
        List<FoldResult> folds = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            folds.add(new FoldResult(f, 10, 5, f, history(t, v).withFinalEpoch(2), 0));
        }
        FitDiagnosis.Diagnosis d = DEFAULTS.diagnose(new CrossValidationResult("test", folds, List.of(), 0.95));
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
        assertEquals(0.4, d.evidence().get("train_loss"), 1e-15);
    }

    // ---- rule 7: good fit

    @Test
    void aGoodFitNamesTheTargetAndItsBorderlineEdge() {
        double[] t = {1, 0.5, 0.5, 0.5, 0.5, 0.5};
        double[] v = {1.2, 0.9, 0.9, 0.9, 0.9, 0.9};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optTargetLoss(0.25).build().diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
        assertEquals("training loss 0.5000 (2.00 times the reachable 0.2500) and validation loss 0.9000 are close "
                + "(ratio 1.80)", d.reasons().getFirst());
        // 0.9 = (1 - 0.1) x 2 x 0.5: on the borderline edge
        assertEquals(2.0, d.evidence().get("gap_ratio_threshold"));
        assertEquals("borderline: the ratio 1.8 is within 10% of the over-fitting threshold 2; another split or a few "
                + "more epochs may cross it", d.reasons().getLast());
    }

    @Test
    void aGapOfExactlyTheReachableLossIsNotBorderline() {
        // ratio 2 but the gap 0.25 equals the target 0.25
        double[] t = {1, 0.5, 0.25, 0.25, 0.25, 0.25};
        double[] v = {1.2, 0.7, 0.5, 0.5, 0.5, 0.5};
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optTargetLoss(0.25).build().diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
        assertEquals(1, d.reasons().size(), d.report());
        assertEquals(List.of("keep this configuration; confirm once on the untouched test set"), d.remedies());
    }

    // ---- learning curves

    private static LearningCurveResult curve(int[] sizes, double[] train, double[] val) {
        List<List<FoldResult>> fits = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            fits.add(List.of(new FoldResult(0, sizes[i], 10, 0,
                    history(new double[] {train[i]}, new double[] {val[i]}), 0)));
        }
        return new LearningCurveResult(sizes, fits, List.of());
    }

    @Test
    void moreDataThatClosesTheGapIsAdvisedFirst() {
        FitDiagnosis.Diagnosis d = DEFAULTS.diagnose(curve(new int[] {20, 80}, new double[] {0.125, 0.25},
                new double[] {1, 0.75}));
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, d.verdict(), d.report());
        assertEquals(8.0, d.evidence().get("gap_ratio_at_smallest"));
        assertEquals(20.0, d.evidence().get("smallest_train_size"));
        assertEquals(80.0, d.evidence().get("largest_train_size"));
        assertEquals("more data helps: as the training set grew from 20 to 80 the validation loss fell from 1.000 to "
                + "0.7500 and the validation/training ratio from 8.00 to 3.00", d.reasons().getLast());
        assertEquals("collect more data: the curve is still falling", d.remedies().getFirst());
    }

    @Test
    void moreDataHelpsOnlyIfBothTheRatioAndTheValidationLossFall() {
        // the same ratio 4 at both sizes
        FitDiagnosis.Diagnosis sameRatio = DEFAULTS.diagnose(curve(new int[] {20, 80}, new double[] {0.25, 0.125},
                new double[] {1, 0.5}));
        assertTrue(sameRatio.reasons().getLast().startsWith("more data did not help"), sameRatio.report());
        // the same validation loss at both sizes
        FitDiagnosis.Diagnosis sameLoss = DEFAULTS.diagnose(curve(new int[] {20, 80}, new double[] {0.25, 0.5},
                new double[] {1, 1}));
        assertEquals("more data did not help: validation loss 1.000 at 20 samples vs 1.000 at 80",
                sameLoss.reasons().getLast());
        // a single size says nothing about the trend
        FitDiagnosis.Diagnosis single = DEFAULTS.diagnose(curve(new int[] {80}, new double[] {0.25},
                new double[] {1}));
        assertFalse(anyReason(single, "more data"), single.report());
    }

    @Test
    void aFlatCurveThatUnderfitsAsksForCapacity() {
        FitDiagnosis.Diagnosis d = FitDiagnosis.builder().optBaselineLoss(1).build()
                .diagnose(curve(new int[] {20, 80}, new double[] {0.8, 0.9}, new double[] {1, 1}));
        assertEquals(FitDiagnosis.Verdict.UNDERFITTING, d.verdict(), d.report());
        assertEquals("increase model capacity rather than data: the curve has flattened", d.remedies().getFirst());
        FitDiagnosis.Diagnosis over = DEFAULTS.diagnose(curve(new int[] {20, 80}, new double[] {0.25, 0.25},
                new double[] {1, 1}));
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, over.verdict(), over.report());
        assertFalse(over.remedies().getFirst().startsWith("increase model capacity"), over.report());
    }

    @Test
    void eachSizeCarriesItsSizeBeforeItsEvidence() {
        List<FitDiagnosis.Diagnosis> each = DEFAULTS.diagnoseEachSize(curve(new int[] {20, 80},
                new double[] {0.125, 0.25}, new double[] {1, 0.3}));
        assertEquals(List.of("train_size", "train_loss", "val_loss", "gap", "gap_ratio"),
                List.copyOf(each.get(1).evidence().keySet()));
        assertEquals(80.0, each.get(1).evidence().get("train_size"));
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, each.get(0).verdict());
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, each.get(1).verdict());
    }

    // ---- the builder and small helpers

    @Test
    void everyThresholdCanBeSetAndIsChecked() {
        // a ratio of 2.5 is over-fitting at the default 2 but not at a threshold of 3
        double[] t = {1, 0.5, 0.25, 0.25, 0.25, 0.25};
        double[] v = {1, 0.7, 0.625, 0.625, 0.625, 0.625};
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, judge(t, v).verdict());
        FitDiagnosis relaxed = FitDiagnosis.builder().optGapRatio(3).optUnderfitFactor(4)
                .optUnderfitBaselineFraction(0.5).optConvergenceDrop(0.1).optFoldCv(0.6).optExplodeFactor(20)
                .optMinEpochs(6).optValRise(0.05).optBorderline(0).build();
        FitDiagnosis.Diagnosis d = relaxed.diagnose(history(t, v));
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
        // six epochs are enough when the minimum is 6, five are not
        assertEquals(FitDiagnosis.Verdict.NOT_CONVERGED, FitDiagnosis.builder().optMinEpochs(6).build()
                .diagnose(history(new double[] {1, 0.5, 0.25, 0.25, 0.25}, new double[] {1, 0.5, 0.3, 0.3, 0.3}))
                .verdict());
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, FitDiagnosis.builder().optMinEpochs(1).build()
                .diagnose(history(new double[] {0.25}, new double[] {0.3})).verdict());

        assertThrows(IllegalArgumentException.class, () -> FitDiagnosis.builder().optMinEpochs(0));
        assertThrows(IllegalArgumentException.class, () -> FitDiagnosis.builder().optBorderline(1));
        assertThrows(IllegalArgumentException.class, () -> FitDiagnosis.builder().optBorderline(-0.01));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FitDiagnosis.builder().optBorderline(Double.NaN));
        assertEquals("borderline fraction must be in [0, 1), got NaN", e.getMessage());
        assertEquals("minimum epochs must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> FitDiagnosis.builder().optMinEpochs(0))
                        .getMessage());
        assertEquals("gap ratio must be a positive finite number, got Infinity", assertThrows(
                IllegalArgumentException.class, () -> FitDiagnosis.builder().optGapRatio(Double.POSITIVE_INFINITY))
                .getMessage());
    }

    @Test
    void numbersAreShortAtBothEndsOfThePlainRange() {
        assertEquals("0.001", FitDiagnosis.number(0.001));
        assertEquals("9990", FitDiagnosis.number(9990));
        assertEquals("1e+04", FitDiagnosis.number(10_000));
        assertEquals("9.99e-04", FitDiagnosis.number(0.000999));
        assertEquals("0", FitDiagnosis.number(0));
        assertEquals("-2.5", FitDiagnosis.number(-2.5));
        assertEquals("NaN", FitDiagnosis.number(Double.NaN));
    }

    @Test
    void aClassAbsentFromTrainingCountsAsHalfASample() {
        // frequency 0.5 / 4 for the unseen class 2: cross-entropy ln 8
        assertEquals(Math.log(8), FitDiagnosis.classPriorCrossEntropy(new int[] {0, 0, 1, 1}, new int[] {2}), 1e-15);
    }
}
