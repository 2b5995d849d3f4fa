package dev.nn.norm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.layer.ReLU;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActivationReportTest {
    private static final float[] VALUES = {-3f, -2f, -0.5f, 0f, 0.5f, 1f, 2.5f, 4f};

    @Test
    void summaryCountsSaturationAndDeadReluValues() {
        PreActivationSummary s = PreActivationSummary.of(VALUES);
        assertEquals(8, s.count());
        assertEquals(2.5 / 8, s.mean(), 1e-12);
        double var = 0;
        for (float v : VALUES) {
            var += (v - 2.5 / 8) * (v - 2.5 / 8) / 8;
        }
        assertEquals(Math.sqrt(var), s.std(), 1e-12);
        assertEquals(3.0 / 8, s.saturatedFraction(), 1e-12, "-3, 2.5, 4 (|x| = 2 itself is not saturated)");
        assertEquals(4.0 / 8, s.deadReluFraction(), 1e-12, "-3, -2, -0.5, 0");
        assertEquals(-3, s.min());
        assertEquals(4, s.max());
    }

    @Test
    void histogramBinsWithUnderAndOverflow() {
        Histogram h = Histogram.of(VALUES, 4, -2, 2);
        // bins [-2,-1) [-1,0) [0,1) [1,2)
        assertArrayEquals(new long[] {1, 1, 2, 1}, h.counts());
        assertEquals(1, h.below());
        assertEquals(2, h.above());
        assertEquals(8, h.total());
        assertEquals(-1.0, h.binLo(1), 1e-12);
    }

    @Test
    void histogramBinsHaveTheirWidthAndHiIsOutside() {
        // width 0.5: [0, 0.5) [0.5, 1) [1, 1.5) [1.5, 2); 2 itself is at or above hi
        Histogram h = Histogram.of(new float[] {0.1f, 0.6f, 1.2f, 1.9f, 2f, -0.1f}, 4, 0, 2);
        assertArrayEquals(new long[] {1, 1, 1, 1}, h.counts());
        assertEquals(1, h.below());
        assertEquals(1, h.above());
        assertEquals("Histogram[0.0, 2.0) [1, 1, 1, 1] below=1 above=1", h.toString());
    }

    @Test
    void histogramsAreValues() {
        Histogram h = new Histogram(0, 1, new long[] {2, 3}, 1, 0);
        assertEquals(h, new Histogram(0, 1, new long[] {2, 3}, 1, 0), "equal counts, not the same array");
        assertEquals(h.hashCode(), new Histogram(0, 1, new long[] {2, 3}, 1, 0).hashCode());
        assertNotEquals(h, new Histogram(-1, 1, new long[] {2, 3}, 1, 0));
        assertNotEquals(h, new Histogram(0, 2, new long[] {2, 3}, 1, 0));
        assertNotEquals(h, new Histogram(0, 1, new long[] {2, 4}, 1, 0));
        assertNotEquals(h, new Histogram(0, 1, new long[] {2, 3}, 0, 0));
        assertNotEquals(h, new Histogram(0, 1, new long[] {2, 3}, 1, 1));
        assertNotEquals(h, "Histogram[0.0, 1.0) [2, 3] below=1 above=0");
        assertNotEquals(h.hashCode(), new Histogram(0, 1, new long[] {2, 4}, 1, 0).hashCode(), "counts spread");
    }

    @Test
    void histogramsNeedARangeAndBins() {
        assertEquals("A histogram needs lo < hi and at least one bin, got [1.0, 1.0) with 2 bins",
                assertThrows(IllegalArgumentException.class, () -> new Histogram(1, 1, new long[2], 0, 0))
                        .getMessage());
        assertEquals("A histogram needs bins > 0 and lo < hi, got bins=0, range=[0.0, 1.0)",
                assertThrows(IllegalArgumentException.class, () -> Histogram.of(new float[1], 0, 0, 1))
                        .getMessage());
        assertEquals("A histogram needs bins > 0 and lo < hi, got bins=2, range=[1.0, 1.0)",
                assertThrows(IllegalArgumentException.class, () -> Histogram.of(new float[1], 2, 1, 1))
                        .getMessage());
    }

    @Test
    void driftAddsEpsAndMeasuresTheShiftFromTheRunningMean() {
        // eps 1: shifts |3 - 1| / sqrt(1 + 1) and |-1 - 1| / sqrt(3 + 1); ratios |ln(3 / 2)| and |ln(1 / 4)|
        ChannelStatistics batch = new ChannelStatistics(new float[] {3f, -1f}, new float[] {2f, 0f});
        StatisticsDrift d = StatisticsDrift.of(batch, new float[] {1f, 1f}, new float[] {1f, 3f}, 1);
        assertEquals((Math.sqrt(2) + 1) / 2, d.meanShift(), 1e-7);
        assertEquals(Math.sqrt(2), d.maxMeanShift(), 1e-7);
        assertEquals((Math.log(1.5) + Math.log(4)) / 2, d.meanAbsLogVarRatio(), 1e-7);
        assertEquals(Math.log(4), d.maxAbsLogVarRatio(), 1e-7);
    }

    @Test
    void driftStandardizesTheMeanShiftAndComparesVariances() {
        ChannelStatistics batch = new ChannelStatistics(new float[] {1f, 0f}, new float[] {4f, 1f});
        StatisticsDrift d = StatisticsDrift.of(batch, new float[] {0f, 0f}, new float[] {1f, 1f}, 0);
        assertEquals(0.5, d.meanShift(), 1e-7);
        assertEquals(1.0, d.maxMeanShift(), 1e-7);
        assertEquals(Math.log(4) / 2, d.meanAbsLogVarRatio(), 1e-7);
        assertEquals(Math.log(4), d.maxAbsLogVarRatio(), 1e-7);
    }

    @Test
    void exportsCsvAndJson() {
        ActivationReport r = new ActivationReport(4, -2, 2);
        r.add("bn1", "tanh", VALUES, Optional.of(new StatisticsDrift(2, 0.5, 1, 0.25, 0.5)));
        r.add("linear,2", "relu", new float[] {1f}, Optional.empty());
        List<String> rows = r.toCsv().lines().toList();
        assertEquals(3, rows.size());
        assertTrue(rows.get(0).startsWith("layer,activation,count,mean,std,min,max,saturated_fraction,"), rows.get(0));
        assertTrue(rows.get(1).startsWith("bn1,tanh,8,"), rows.get(1));
        assertTrue(rows.get(1).endsWith(",0.500000,1.00000,0.250000,0.500000"), rows.get(1));
        assertTrue(rows.get(2).startsWith("\"linear,2\",relu,1,") && rows.get(2).endsWith(",,,,"), rows.get(2));
        List<String> hist = r.histogramsCsv().lines().toList();
        assertEquals(1 + 2 * 6, hist.size());
        assertEquals("bn1,tanh,-Infinity,-2.00000,1", hist.get(1));
        assertEquals("bn1,tanh,0.00000,1.00000,2", hist.get(4));
        String json = r.toJson();
        assertTrue(json.contains("\"layer\": \"bn1\", \"activation\": \"tanh\", \"count\": 8"), json);
        assertTrue(json.contains("\"counts\": [1, 1, 2, 1]"), json);
        assertTrue(json.contains("\"drift\": null"), json);
        assertTrue(json.contains("\"saturated_fraction\": 0.375000"), json);
    }

    @Test
    void traceRecordsTheInputOfEveryActivationUnderThePreviousLayersName() {
        Map<String, Layer> layers = new LinkedHashMap<>();
        layers.put("relu0", new ReLU());
        layers.put("bn", BatchNorm.batchNorm1d(2).build(Fixtures.SCALAR));
        layers.put("relu", new ReLU());
        layers.put("ln", new LayerNorm(Fixtures.SCALAR, 2));
        Tensor x = Fixtures.tensor(new float[] {1f, -2f, 3f, 4f, -5f, 6f}, 3, 2);
        ActivationReport r = new ActivationReport();
        float[] out = r.trace(layers, x, Mode.TRAIN).toArray();

        assertEquals(List.of("input", "bn"), r.entries().stream().map(ActivationReport.Entry::layer).toList());
        assertEquals("relu0", r.entries().get(0).activation());
        assertTrue(r.entries().get(0).drift().isEmpty());
        assertEquals(2.0 / 6, r.entries().get(0).summary().deadReluFraction(), 1e-12, "-2 and -5");
        // after BatchNorm every unit is standardized: mean 0, and drift against running stats (0.1 of the way)
        assertEquals(0.0, r.entries().get(1).summary().mean(), 1e-6);
        assertTrue(r.entries().get(1).drift().isPresent());
        // the traced output is the plain sequential output (training-mode BatchNorm depends only on the batch)
        Tensor h = x;
        for (Layer layer : layers.values()) {
            h = layer.forward(h, Mode.TRAIN);
        }
        assertArrayEquals(h.toArray(), out);
    }

    @Test
    void rejectsEmptyInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PreActivationSummary.of(new float[0]));
        assertTrue(e.getMessage().contains("zero pre-activation values"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ActivationReport(0, 0, 1));
    }
}
