package dev.nn.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.validate.FitDiagnosis.Verdict;
import org.junit.jupiter.api.Test;

class CapacityExperimentTest {
    private static final CapacityExperiment.Result RESULT = new CapacityExperiment(
            CapacityExperiment.Config.defaults(), Experiments.SCALAR).run(Experiments.log());

    @Test
    void degreesOneThreeTwentyUnderfitFitAndOverfit() {
        assertEquals(Verdict.UNDERFITTING, RESULT.fit(1).diagnosis().verdict(), RESULT.fit(1).diagnosis().report());
        assertEquals(Verdict.GOOD_FIT, RESULT.fit(3).diagnosis().verdict(), RESULT.fit(3).diagnosis().report());
        assertEquals(Verdict.OVERFITTING, RESULT.fit(20).diagnosis().verdict(),
                RESULT.fit(20).diagnosis().report());
        // degree 3 reaches the noise variance 0.01; degree 1 stays orders of magnitude above it
        assertTrue(RESULT.fit(3).valLoss() < 0.02 && RESULT.fit(1).trainLoss() > 1);
    }

    @Test
    void moreDataCuresTheDegreeTwentyOverfit() {
        double[] train = RESULT.curveTrain();
        double[] val = RESULT.curveVal();
        int last = val.length - 1;
        assertEquals(Verdict.OVERFITTING, RESULT.curveVerdicts().getFirst());
        assertEquals(Verdict.GOOD_FIT, RESULT.curveVerdicts().getLast());
        assertTrue(val[0] / train[0] > 2 && val[last] / train[last] < 2 && val[last] < val[0] / 2);
    }

    @Test
    void reportHasErrorByDegreeAndLearningCurve() {
        Experiments.assertReportable(RESULT, 2);
    }
}
