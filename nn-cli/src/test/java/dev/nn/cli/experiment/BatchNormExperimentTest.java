package dev.nn.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm's inputs to tanh are standardized per feature over the batch (gamma 1, beta 0 at init), so their
 * saturated fraction is near P(|N(0,1)| > 2) = 0.0455; without BN, Xavier gain 5 gives pre-activations of std about
 * 4 to 6 and P(|N(0, 4^2)| > 2) = 0.62.
 */
class BatchNormExperimentTest {
    private static final BatchNormExperiment.Result RESULT = new BatchNormExperiment(
            new BatchNormExperiment.Config(300, 200, 4, 100, 2, 50, 0.02, 1), Experiments.SCALAR)
            .run(Experiments.log());

    @Test
    void batchNormKeepsTanhOutOfSaturation() {
        assertTrue(Arrays.stream(RESULT.normalized().saturatedAtInit()).allMatch(f -> f < 0.1),
                Arrays.toString(RESULT.normalized().saturatedAtInit()));
        assertTrue(Arrays.stream(RESULT.plain().saturatedAtInit()).allMatch(f -> f > 0.5),
                Arrays.toString(RESULT.plain().saturatedAtInit()));
        assertTrue(Arrays.stream(RESULT.normalized().stdAtInit()).allMatch(s -> Math.abs(s - 1) < 0.01),
                Arrays.toString(RESULT.normalized().stdAtInit()));
    }

    @Test
    void batchNormConvergesFaster() {
        double[] plain = RESULT.plain().trainLoss();
        double[] bn = RESULT.normalized().trainLoss();
        for (int e = 0; e < plain.length; e++) {
            assertTrue(bn[e] < 0.8 * plain[e], "epoch " + (e + 1) + ": BN " + bn[e] + " vs no BN " + plain[e]);
        }
    }

    @Test
    void reportHasTwoHistogramsAndTheLossCurves() {
        Experiments.assertReportable(RESULT, 3);
    }
}
