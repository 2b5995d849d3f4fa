package dev.nn.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.validate.Estimate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KFoldExperimentTest {
    private static final KFoldExperiment.Result RESULT = new KFoldExperiment(
            new KFoldExperiment.Config(300, 32, 8, 6, 3, 1), Experiments.SCALAR).run(Experiments.log());

    @Test
    void kfoldReportsItsSpreadAndSingleHoldOutsDependOnTheSeed() {
        Estimate k = RESULT.kfold();
        assertEquals(5, k.n());
        assertEquals(5, RESULT.folds().length);
        assertTrue(k.std() > 0 && k.low() < k.mean() && k.mean() < k.high(), k.toString());
        double[] h = RESULT.holdOuts();
        double range = Arrays.stream(h).max().orElseThrow() - Arrays.stream(h).min().orElseThrow();
        assertTrue(range >= 0.03, "hold-out estimates over seeds: " + Arrays.toString(h));
        // hold-outs and K-fold estimate the same accuracy: the K-fold means lie within two standard deviations of
        // the hold-outs' mean (the min..max of a handful of hold-outs is itself too noisy a yardstick)
        Estimate holdOuts = Estimate.of(h);
        assertTrue(Arrays.stream(RESULT.kfoldMeans()).allMatch(m -> Math.abs(m - holdOuts.mean())
                        <= 2 * holdOuts.std()),
                Arrays.toString(RESULT.kfoldMeans()) + " vs hold-outs " + Arrays.toString(h));
        assertTrue(k.mean() > 0.5, "a working classifier: " + k);
    }

    @Test
    void theKFoldMeanMovesLessOverSeedsThanASingleHoldOut() {
        assertTrue(RESULT.kfoldMeanSpread().std() < RESULT.holdOutSpread().std(),
                "5-fold means " + Arrays.toString(RESULT.kfoldMeans()) + " vs hold-outs "
                        + Arrays.toString(RESULT.holdOuts()));
    }

    @Test
    void reportHasTheEstimatesChart() {
        Experiments.assertReportable(RESULT, 1);
    }
}
