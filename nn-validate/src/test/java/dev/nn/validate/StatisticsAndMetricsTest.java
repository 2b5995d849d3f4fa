package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatisticsAndMetricsTest {
    @Test
    void studentTQuantilesMatchTheTables() {
        // two-sided 95% critical values from standard t tables
        assertEquals(12.706204736, StudentT.quantile(0.975, 1), 1e-6);
        assertEquals(4.302652730, StudentT.quantile(0.975, 2), 1e-7);
        assertEquals(2.776445105, StudentT.quantile(0.975, 4), 1e-7);
        assertEquals(2.262157163, StudentT.quantile(0.975, 9), 1e-7);
        assertEquals(2.045229642, StudentT.quantile(0.975, 29), 1e-7);
        assertEquals(3.249835542, StudentT.quantile(0.995, 9), 1e-7);
        assertEquals(-2.776445105, StudentT.quantile(0.025, 4), 1e-7);
        assertEquals(0.5, StudentT.cdf(0, 7), 1e-15);
    }

    @Test
    void estimateHasSampleStdAndTInterval() {
        Estimate e = Estimate.of(new double[] {1, 2, 3, 4, 5});
        assertEquals(3, e.mean(), 1e-15);
        assertEquals(Math.sqrt(2.5), e.std(), 1e-15);
        double half = 2.776445105 * Math.sqrt(2.5) / Math.sqrt(5);
        assertEquals(3 - half, e.low(), 1e-7);
        assertEquals(3 + half, e.high(), 1e-7);
        assertTrue(Double.isNaN(Estimate.of(new double[] {0.9}).std()));
        assertThrows(IllegalArgumentException.class, () -> Estimate.of(new double[0]));
    }

    @Test
    void confusionMatrixAsScikitLearnsExample() {
        // scikit-learn documentation of confusion_matrix
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {2, 0, 2, 2, 0, 1}, new int[] {0, 0, 2, 2, 0, 2});
        assertArrayEquals(new long[][] {{2, 0, 0}, {0, 0, 1}, {1, 0, 2}}, m.counts());
        assertArrayEquals(new int[] {0, 1, 2}, m.labels());
        assertArrayEquals(new double[] {1.0, 0.0, 2.0 / 3}, m.recall(), 1e-15);
    }

    @Test
    void accuracyMseMaeAndArgmax() {
        assertEquals(0.5, Metrics.accuracy(new int[] {0, 1, 2, 3}, new int[] {0, 1, 0, 0}));
        assertEquals((0.25 + 1 + 0) / 3, Metrics.meanSquaredError(new float[] {1, 2, 3}, new float[] {1.5f, 1, 3}),
                1e-12);
        assertEquals((0.5 + 1 + 0) / 3, Metrics.meanAbsoluteError(new float[] {1, 2, 3}, new float[] {1.5f, 1, 3}),
                1e-12);
        assertArrayEquals(new int[] {1, 0}, Metrics.argmax(new float[] {0, 2, 1, 5, 5, 0}, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy(new int[] {1}, new int[] {1, 2}));
        assertTrue(e.getMessage().contains("inconsistent numbers of samples: [1, 2]"));
    }
}
