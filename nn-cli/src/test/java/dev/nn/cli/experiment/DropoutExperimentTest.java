package dev.nn.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DropoutExperimentTest {
    private static final DropoutExperiment.Result RESULT = new DropoutExperiment(
            new DropoutExperiment.Config(500, 500, 256, 0.5, 15, 1), Experiments.SCALAR).run(Experiments.log());

    @Test
    void withoutDropoutTheSmallTrainingSetIsMemorizedAndDropoutNarrowsTheGap() {
        DropoutExperiment.Run plain = RESULT.plain();
        DropoutExperiment.Run dropout = RESULT.dropout();
        assertTrue(plain.finalTrain() > 0.9, "no dropout: train accuracy " + plain.finalTrain());
        assertTrue(plain.gap() > 0.1, "no dropout: gap " + plain.gap());
        assertTrue(dropout.gap() < plain.gap() - 0.03, "gap with dropout " + dropout.gap() + " vs without "
                + plain.gap());
        assertTrue(dropout.finalVal() > plain.finalVal() - 0.02, "dropout must not cost validation accuracy: "
                + dropout.finalVal() + " vs " + plain.finalVal());
    }

    @Test
    void reportHasAccuracyAndLossCurves() {
        Experiments.assertReportable(RESULT, 2);
    }
}
