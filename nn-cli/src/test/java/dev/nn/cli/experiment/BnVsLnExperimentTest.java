package dev.nn.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Expected tables computed here in double precision from the definitions (biased variance, eps 1e-5). */
class BnVsLnExperimentTest {
    private static final double EPS = 1e-5;
    private static final BnVsLnExperiment.Result RESULT = new BnVsLnExperiment(
            new BnVsLnExperiment.Config(400, 500, 64, 2, 2, 32, 1), Experiments.SCALAR).run(Experiments.log());

    @Test
    void batchNormNormalizesColumnsAndLayerNormRows() {
        float[][] x = BnVsLnExperiment.PEOPLE;
        int n = x.length;
        for (int c = 0; c < 3; c++) {
            double mean = 0;
            for (float[] row : x) {
                mean += row[c];
            }
            mean /= n;
            double var = 0;
            for (float[] row : x) {
                var += (row[c] - mean) * (row[c] - mean);
            }
            var /= n;
            for (int r = 0; r < n; r++) {
                assertEquals((x[r][c] - mean) / Math.sqrt(var + EPS), RESULT.batchNormed()[r][c], 1e-5);
            }
        }
        for (int r = 0; r < n; r++) {
            double mean = (x[r][0] + x[r][1] + x[r][2]) / 3.0;
            double var = 0;
            for (float v : x[r]) {
                var += (v - mean) * (v - mean);
            }
            var /= 3;
            for (int c = 0; c < 3; c++) {
                assertEquals((x[r][c] - mean) / Math.sqrt(var + EPS), RESULT.layerNormed()[r][c], 1e-5);
            }
        }
    }

    @Test
    void batchNormOfTwoSamplesIsPlusOrMinusOne() {
        float[][] x = BnVsLnExperiment.PEOPLE;
        for (int c = 0; c < 3; c++) {
            double sign = Math.signum(x[0][c] - x[1][c]);
            assertEquals(sign, RESULT.pairNormed()[0][c], 1e-4);
            assertEquals(-sign, RESULT.pairNormed()[1][c], 1e-4);
        }
    }

    @Test
    void atBatchSizeTwoBatchNormLagsAndItsRunningStatisticsAreNoisy() {
        BnVsLnExperiment.Run bn2 = RESULT.run("BatchNorm", 2);
        BnVsLnExperiment.Run ln2 = RESULT.run("LayerNorm", 2);
        BnVsLnExperiment.Run bn32 = RESULT.run("BatchNorm", 32);
        assertTrue(ln2.finalValAccuracy() > bn2.finalValAccuracy() + 0.05,
                "LN " + ln2.finalValAccuracy() + " vs BN " + bn2.finalValAccuracy() + " at batch 2");
        assertTrue(bn2.drift().meanShift() > 2 * bn32.drift().meanShift(),
                "running mean shift at batch 2: " + bn2.drift() + ", at batch 32: " + bn32.drift());
    }

    @Test
    void reportHasTheAccuracyChart() {
        Experiments.assertReportable(RESULT, 1);
    }
}
