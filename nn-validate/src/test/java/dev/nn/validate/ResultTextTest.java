package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text of cross-validation and learning-curve results; expected tables and intervals worked out by hand. */
class ResultTextTest {
    private static FitHistory history(double... lossValLossValAcc) {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put(FitHistory.LOSS, new double[] {0.9, lossValLossValAcc[0]});
        series.put(FitHistory.VAL_LOSS, new double[] {0.95, lossValLossValAcc[1]});
        if (lossValLossValAcc.length > 2) {
            series.put("val_accuracy", new double[] {0.5, lossValLossValAcc[2]});
        }
        return FitHistory.of(series);
    }

    @Test
    void crossValidationPrintsPerFoldRowsMeanStdAndIntervals() {
        List<FoldResult> folds = List.of(
                new FoldResult(0, 200, 100, 1, history(0.5, 0.6, 0.70), 1_000_000_000L),
                new FoldResult(1, 200, 100, 2, history(0.4, 0.7, 0.74), 2_000_000_000L),
                new FoldResult(2, 200, 100, 3, history(0.45, 0.65, 0.72), 3_000_000_000L));
        CrossValidationResult r = new CrossValidationResult("KFold(n_splits=3)", folds, List.of(), 0.95);
        // t(0.975, 2) = 4.3027: val_accuracy 0.72 ± 4.3027 * 0.02 / sqrt(3) = 0.72 ± 0.0497
        assertEquals("""
                KFold(n_splits=3), 3 folds
                fold train val epochs    loss val_loss val_accuracy seconds
                   1   200 100      2  0.5000   0.6000       0.7000     1.0
                   2   200 100      2  0.4000   0.7000       0.7400     2.0
                   3   200 100      2  0.4500   0.6500       0.7200     3.0
                mean                   0.4500   0.6500       0.7200     2.0
                 std                  0.05000  0.05000      0.02000     1.0
                loss: 0.4500 ± 0.050 (95% CI [0.3258, 0.5742], 3 folds)
                val_loss: 0.6500 ± 0.050 (95% CI [0.5258, 0.7742], 3 folds)
                val_accuracy: 0.7200 ± 0.020 (95% CI [0.6703, 0.7697], 3 folds)
                """, r.toString());
    }

    private static LearningCurveResult curve() {
        List<List<FoldResult>> fits = new ArrayList<>();
        // per size, per fold: training and validation loss (0.0625 is exact in binary: its std over folds is 0)
        double[][][] lossVal = {{{0.01, 0.2}, {0.02, 0.3}, {0.03, 0.4}},
                {{0.01, 0.0625}, {0.01, 0.0625}, {0.01, 0.0625}}};
        int[] sizes = {20, 40};
        for (int s = 0; s < sizes.length; s++) {
            List<FoldResult> folds = new ArrayList<>();
            for (int f = 0; f < 3; f++) {
                folds.add(new FoldResult(f, sizes[s], 10, f, FitHistory.of(Map.of(
                        FitHistory.LOSS, new double[] {lossVal[s][f][0]},
                        FitHistory.VAL_LOSS, new double[] {lossVal[s][f][1]})), 0));
            }
            fits.add(folds);
        }
        return new LearningCurveResult(sizes, fits, List.of("train size 50 is above the 40 available: dropped"));
    }

    @Test
    void learningCurvePrintsMeanStdAndMedianPerSize() {
        assertEquals("""
                train size  loss mean  loss std  loss median  val_loss mean  val_loss std  val_loss median  \
                val/train (medians)
                -------------------------------------------------------------------------------------------------\
                --------------
                20            0.02000   0.01000      0.02000         0.3000        0.1000           0.3000  \
                              15.00
                40            0.01000         0      0.01000        0.06250             0          0.06250  \
                              6.250
                warning: train size 50 is above the 40 available: dropped
                """, curve().toString());
    }

    @Test
    void eachSizesVerdictIsATableFollowedByTheWholeCurvesReport() {
        FitDiagnosis rules = FitDiagnosis.builder().optTargetLoss(0.01).build();
        String text = rules.reportEachSize(curve());
        assertTrue(text.startsWith("""
                train size  train loss (median)  val loss (median)  val/train      verdict
                --------------------------------------------------------------------------
                20                      0.02000             0.3000      15.00  OVERFITTING
                40                      0.01000            0.06250      6.250  OVERFITTING
                Diagnosis: OVERFITTING
                """), text);
        assertTrue(text.endsWith(rules.diagnose(curve()).report()), text);
    }
}
