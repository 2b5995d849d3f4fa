package dev.nn.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Expected ratios from the variance recursions of a ReLU layer with zero bias, {@code Var(z') = n w^2 E[relu(z)^2]
 * = n w^2 Var(z) / 2}: He ({@code w^2 = 2/n}) keeps it, Xavier on square layers ({@code w^2 = 1/n}) halves it, so
 * the std falls by 2^(9/2) = 22.6 over the 9 steps from layer 1 to 10, and N(0, 1) multiplies it by n/2 = 32, a
 * std factor of 5.66 per layer (about 6e6 over 9 steps). Margins are wide: the bounds asked for are 2x, 5x and
 * 100x.
 */
class InitExperimentTest {
    private static final int WIDTH = 64;
    private static final InitExperiment.Result RESULT = new InitExperiment(
            new InitExperiment.Config(96, 10, WIDTH, 6, 1), Experiments.SCALAR).run(Experiments.log());

    @Test
    void heKeepsTheReluScaleXavierShrinksItAndNormalExplodes() {
        double he = RESULT.probe("relu", "he").growth();
        double xavier = RESULT.probe("relu", "xavier").growth();
        double normal = RESULT.probe("relu", "normal(0,1)").growth();
        assertTrue(he > 0.5 && he < 2, "He: std at layer 10 / layer 1 = " + he);
        assertTrue(xavier < 1 / 5.0, "Xavier: std at layer 10 / layer 1 = " + xavier);
        assertTrue(normal > 100, "N(0,1): std at layer 10 / layer 1 = " + normal);
        double[] he10 = RESULT.probe("relu", "he").std();
        assertTrue(Arrays.stream(he10).allMatch(s -> s > 0.5 * he10[0] && s < 2 * he10[0]),
                "He stays within 2x at every depth: " + Arrays.toString(he10));
    }

    @Test
    void zerosMakeIdenticalUnitsThatTrainingCannotSeparate() {
        for (String act : InitExperiment.ACTIVATIONS) {
            InitExperiment.Probe zeros = RESULT.probe(act, "zeros");
            assertTrue(zeros.identicalUnits(), act);
            assertTrue(Arrays.stream(zeros.std()).allMatch(s -> s == 0), Arrays.toString(zeros.std()));
            assertFalse(RESULT.probe(act, "he").identicalUnits(), act);
        }
        assertEquals(1, RESULT.run("zeros").distinctUnits());
        assertEquals(WIDTH, RESULT.run("he").distinctUnits());
        assertTrue(RESULT.run("he").trainAccuracy() > RESULT.run("zeros").trainAccuracy() + 0.1,
                RESULT.symmetry().toString());
    }

    @Test
    void normalInitSaturatesTanh() {
        // first-layer pre-activations: sum of 784 standardized pixels times N(0, 1) weights, std about 28
        assertTrue(RESULT.probe("tanh", "normal(0,1)").saturated()[0] > 0.8);
        assertTrue(RESULT.probe("tanh", "xavier").saturated()[9] < 0.1);
    }

    @Test
    void reportHasOneStdChartPerActivation() {
        Experiments.assertReportable(RESULT, 2);
    }
}
