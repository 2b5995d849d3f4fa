package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * d2l's data-size point: the degree-20 polynomial model that over-fits 20 samples stops over-fitting as the
 * training set grows (learning curve, scikit-learn size semantics over 5 random 160/100 splits of the pool). Judged
 * on the median over the 5 splits: one of the validation draws holds an x beyond its training range, where any
 * degree-20 fit extrapolates badly at every size (visible in the printed means and spreads).
 */
class PolynomialLearningCurveTest {
    @Test
    void degreeTwentyStopsOverfittingAsTheTrainingSetGrows() {
        LearningCurveResult curve = LearningCurve.builder()
                .setSplitter(new ShuffleSplit(5, SizeSpec.count(100), SizeSpec.count(160), 7))
                .setFitter(PolynomialModelSelectionTest.fitter(20, 1000))
                .optTrainSizes(TrainSizes.fractions(0.125, 0.25, 0.5, 1.0)).optSeed(5).optParallelism(2).build()
                .run(Samples.of(1000));
        System.out.println("degree-20 learning curve:\n" + curve);
        assertEquals("[20, 40, 80, 160]", java.util.Arrays.toString(curve.sizes()));
        double[] train = curve.medians(FitHistory.LOSS);
        double[] val = curve.medians(FitHistory.VAL_LOSS);
        assertTrue(val[0] / train[0] > 2, "20 samples: over-fits");
        assertTrue(val[3] / train[3] < 2, "160 samples: validation close to training");
        assertTrue(val[3] < val[0] / 2, "validation loss falls with more data");
        FitDiagnosis rules = FitDiagnosis.builder().optTargetLoss(PolynomialData.NOISE_VARIANCE).build();
        java.util.List<FitDiagnosis.Verdict> perSize = rules.diagnoseEachSize(curve).stream()
                .map(FitDiagnosis.Diagnosis::verdict).toList();
        System.out.println("verdict per size: " + perSize);
        assertEquals(FitDiagnosis.Verdict.OVERFITTING, perSize.getFirst());
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, perSize.getLast());
        FitDiagnosis.Diagnosis d = rules.diagnose(curve);
        System.out.println(d.report());
        assertEquals(FitDiagnosis.Verdict.GOOD_FIT, d.verdict(), d.report());
        assertTrue(d.reasons().stream().anyMatch(r -> r.startsWith("more data helps")), d.report());
    }
}
