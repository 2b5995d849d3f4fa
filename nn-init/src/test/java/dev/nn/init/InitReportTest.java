package dev.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.json.Json;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import dev.nn.core.layer.Tanh;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Per-layer statistics of the init report, its words for saturation and dead units, and its CSV/JSON export. */
class InitReportTest {
    private static final SplittableRandom R = new SplittableRandom(8);

    @Test
    void largeWeightsSaturateTanh() {
        Sequential m = new Sequential(new Linear(Samples.BACKEND, 100, 100, R), new Tanh());
        ModelInitializer.Outcome init = ModelInitializer.builder().role(ParameterRole.WEIGHT, Init.normal(0, 1))
                .role(ParameterRole.BIAS, Init.zeros()).build().initialize(m, 1);
        InitReport r = InitReport.probe(m, Models.standardInput(64, 100, 2), new SplittableRandom(3), init);
        // pre-activations ~ N(0, 100): P(|x| > 2) = P(|z| > 0.2) = 0.8415
        double sat = r.layers().get(1).saturatedFraction();
        assertEquals(0.8415, sat, 0.02);
        assertTrue(r.findings().stream().anyMatch(f -> f.contains("of the inputs of layer 1 (Tanh) are saturated")),
                r.findings().toString());
        assertEquals(1.0, r.layers().getFirst().expectedWeightStd(), "what normal(0, 1) draws");
        assertEquals(5.0 / 3 / Math.sqrt(100), r.layers().getFirst().varianceKeepingStd(), 1e-15,
                "gain of the following tanh over sqrt(fan_in)");
    }

    @Test
    void negativeBiasKillsRelus() {
        Sequential m = new Sequential(new Linear(Samples.BACKEND, 50, 40, R), new ReLU());
        ModelInitializer.builder().role(ParameterRole.WEIGHT, Init.kaimingNormal(0, FanMode.FAN_IN, "relu"))
                .parameter("0.bias", Init.constant(-1e3)).build().initialize(m, 1);
        InitReport r = InitReport.probe(m, Models.standardInput(32, 50, 2), new SplittableRandom(3));
        assertEquals(1.0, r.layers().get(1).deadFraction());
        assertTrue(r.findings().contains("100% of the units of layer 1 (ReLU) are dead (zero for the whole probe"
                + " batch)"), r.findings().toString());
    }

    @Test
    void reportsFansGainAndStatsPerLayerAndExportsThem() {
        Sequential m = new Sequential(new Linear(Samples.BACKEND, 30, 20, R), new ReLU(),
                new Linear(Samples.BACKEND, 20, 5, R));
        ModelInitializer.recommended().initialize(m, 4);
        InitReport r = InitReport.probe(m, Models.standardInput(16, 30, 2), new SplittableRandom(3));
        LayerStats first = r.layers().getFirst();
        assertEquals(new Fans(30, 20, 1), first.fans());
        assertEquals(Math.sqrt(2), first.gain());
        assertEquals(1.0, r.layers().get(2).gain(), "no nonlinearity after the last Linear");
        assertNull(r.layers().get(1).fans());
        assertTrue(Double.isNaN(r.layers().get(1).gain()));
        assertEquals(1.0, r.inputStd(), 1e-6);
        assertEquals(0.0, r.inputMean(), 1e-6);

        String[] csv = r.toCsv().split("\n");
        assertEquals(4, csv.length);
        assertTrue(csv[0].startsWith("index,name,kind,fan_in,fan_out,gain,expected_weight_std"), csv[0]);
        List<String> row = Arrays.asList(csv[1].split(",", -1));
        assertEquals(List.of("0", "0", "Linear", "30", "20"), row.subList(0, 5));
        assertEquals("", Arrays.asList(csv[2].split(",", -1)).get(3), "no fan_in for a ReLU");

        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(r.toJson());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> layers = (List<Map<String, Object>>) json.get("layers");
        assertEquals(3, layers.size());
        assertEquals("Linear", layers.getFirst().get("kind"));
        assertEquals(30L, ((Number) layers.getFirst().get("fan_in")).longValue());
        assertEquals(first.activationStd(), ((Number) layers.getFirst().get("activation_std")).doubleValue());
        assertNull(layers.get(1).get("fan_in"));
        assertEquals(r.findings(), json.get("findings"));
    }

    @Test
    void theExpectedWeightStdIsTheOneTheInitializerDraws() {
        // He would be sqrt(2 / 300) for both; Xavier uniform draws gain * sqrt(2 / (fan_in + fan_out)), Kaiming with
        // fan_out divides by fan_out, and U(-0.05, 0.05) has std 0.1 / sqrt(12)
        Sequential m = new Sequential(new Linear(Samples.BACKEND, 300, 100, R), new ReLU(),
                new Linear(Samples.BACKEND, 100, 400, R), new ReLU(), new Linear(Samples.BACKEND, 400, 10, R));
        ModelInitializer.Outcome init = ModelInitializer.builder()
                .parameter("0.weight", Init.xavierUniform(1))
                .parameter("2.weight", Init.kaimingNormal(0, FanMode.FAN_OUT, "relu"))
                .parameter("4.weight", Init.uniform(-0.05, 0.05))
                .role(ParameterRole.BIAS, Init.zeros()).build().initialize(m, 5);
        InitReport r = InitReport.probe(m, Models.standardInput(32, 300, 2), new SplittableRandom(3), init);
        LayerStats xavier = r.layers().get(0);
        LayerStats kaiming = r.layers().get(2);
        LayerStats uniform = r.layers().get(4);
        assertEquals(Math.sqrt(2.0 / 400), xavier.expectedWeightStd(), 1e-15);
        assertEquals(Math.sqrt(2.0 / 400), kaiming.expectedWeightStd(), 1e-15, "sqrt(2) / sqrt(fan_out = 400)");
        assertEquals(0.1 / Math.sqrt(12), uniform.expectedWeightStd(), 1e-15);
        for (LayerStats l : List.of(xavier, kaiming, uniform)) {
            assertEquals(l.expectedWeightStd(), l.measuredWeightStd(), 0.05 * l.expectedWeightStd(), l.label());
        }
        assertEquals(Math.sqrt(2.0 / 300), xavier.varianceKeepingStd(), 1e-15, "He's rule before a ReLU");
        assertEquals(1 / Math.sqrt(400), uniform.varianceKeepingStd(), 1e-15, "no nonlinearity after the last");
        String table = r.summary();
        assertTrue(table.contains("w_std_exp      w_std w_std_keep"), table);
        // without the initialization's outcome the report does not guess
        InitReport unknown = InitReport.probe(m, Models.standardInput(32, 300, 2), new SplittableRandom(3));
        assertTrue(Double.isNaN(unknown.layers().getFirst().expectedWeightStd()));
        assertEquals(xavier.measuredWeightStd(), unknown.layers().getFirst().measuredWeightStd());
    }

    @Test
    void theGainLooksThroughNormalizationToTheActivation() {
        Sequential m = new Sequential(new Linear(Samples.BACKEND, 30, 20, R), new ScaleShift(20), new ReLU(),
                new Linear(Samples.BACKEND, 20, 5, R));
        ModelInitializer.Outcome init = ModelInitializer.recommended().initialize(m, 4);
        InitReport r = InitReport.probe(m, Models.standardInput(16, 30, 2), new SplittableRandom(3), init);
        assertEquals(Math.sqrt(2), r.layers().getFirst().gain());
        assertEquals(Math.sqrt(2.0 / 30), r.layers().getFirst().expectedWeightStd(), 1e-15, "He, as recommended");
    }

    @Test
    void probingLeavesNoGradientsBehind() {
        Sequential m = new Sequential(new Linear(Samples.BACKEND, 6, 4, R), new ReLU());
        InitReport.probe(m, Models.standardInput(8, 6, 2), new SplittableRandom(3));
        m.namedParameters().values().forEach(p -> assertEquals(0.0, Samples.BACKEND.sumOfSquares(p.grad())));
    }

    @Test
    void numbersAreReadable() {
        assertEquals("1.00", InitReport.number(1.0));
        assertEquals("0.0003", InitReport.number(0.0003));
        assertEquals("0.031", InitReport.number(0.0312));
        assertEquals("2.7e+10", InitReport.number(2.7e10));
        assertEquals("0", InitReport.number(0));
        // the edges of the fixed-point range [0.1, 1e5) and of the two-significant-digit range [1e-5, 0.1)
        assertEquals("0.10", InitReport.number(0.1));
        assertEquals("99999.00", InitReport.number(99_999));
        assertEquals("1.0e+05", InitReport.number(1e5));
        assertEquals("0.00001", InitReport.number(1e-5));
        assertEquals("9.0e-06", InitReport.number(9e-6));
    }

    @Test
    void theInputMomentsAreThoseOfTheProbeBatch() {
        // 1..6: mean 3.5, population variance 35 / 12
        Tensor input = Samples.BACKEND.tensor(Shape.of(2, 3), new float[] {1, 2, 3, 4, 5, 6});
        InitReport r = InitReport.probe(new Sequential(new Linear(Samples.BACKEND, 3, 2, R), new ReLU()), input,
                new SplittableRandom(3));
        assertEquals(3.5, r.inputMean(), 1e-12);
        assertEquals(Math.sqrt(35.0 / 12), r.inputStd(), 1e-12);
    }

    @Test
    void aHealthyModelSaysWithinWhichRatiosItsActivationsAndGradientsStay() {
        Sequential m = Models.reluMlp(2, 30);
        ModelInitializer.recommended().initialize(m, 4);
        InitReport r = InitReport.probe(m, Models.standardInput(64, 30, 2), new SplittableRandom(3));
        assertTrue(r.healthy(), r.findings().toString());
        double[] act = r.layers().stream().mapToDouble(LayerStats::activationStd).toArray();
        double[] grad = r.layers().stream().mapToDouble(LayerStats::gradStd).toArray();
        String expected = "activation std stays within " + InitReport.number(min(act) / r.inputStd()) + ".."
                + InitReport.number(max(act) / r.inputStd()) + " times the input's and gradient std within "
                + InitReport.number(min(grad) / r.outputGradStd()) + ".." + InitReport.number(max(grad)
                / r.outputGradStd()) + " times the output gradient's over 4 layers (healthy)";
        assertEquals(List.of(expected), r.findings());
        String summary = r.summary();
        assertTrue(summary.endsWith("- " + expected + System.lineSeparator()), summary);
        assertTrue(summary.contains("(w_std_exp: the std the initializer draws"), "a legend for the weight columns");
        // JSON escapes quotes and control characters only: the finding's spaces stay as they are
        assertTrue(r.toJson().endsWith("\"findings\":[\"" + expected + "\"]}"), r.toJson());
    }

    @Test
    void aModelWithoutWeightsHasNoWeightLegend() {
        InitReport r = InitReport.probe(new Sequential(new ReLU(), new Tanh()), Models.standardInput(8, 4, 2),
                new SplittableRandom(3));
        assertTrue(!r.summary().contains("w_std_exp:"), r.summary());
    }

    @Test
    void aVanishingActivationThatRecoversIsReportedAtItsSmallestLayer() {
        // input std 1; fan_in 4: std 0.02 * 2 = 0.04 (< 0.1, vanishing starts), then 0.04 * 0.1 * 2 = 0.008 (the
        // smallest), then 0.008 * 100 * 2 = 1.6: back above 0.1 at the end, so the smallest layer is named
        Sequential m = new Sequential(new Linear(Samples.BACKEND, 4, 4, R), new Linear(Samples.BACKEND, 4, 4, R),
                new Linear(Samples.BACKEND, 4, 4, R));
        ModelInitializer.builder().parameter("0.weight", Init.normal(0, 0.02))
                .parameter("1.weight", Init.normal(0, 0.1)).parameter("2.weight", Init.normal(0, 100))
                .role(ParameterRole.BIAS, Init.zeros()).build().initialize(m, 6);
        InitReport r = InitReport.probe(m, Models.standardInput(256, 4, 2), new SplittableRandom(3));
        double smallest = r.layers().get(1).activationStd();
        assertTrue(smallest < r.layers().get(0).activationStd() && r.layers().get(2).activationStd() > 0.1,
                r.summary());
        assertTrue(r.findings().contains("activation std collapses from 1.00 to " + InitReport.number(smallest)
                + " by layer 1 (Linear) (vanishing, starts at layer 0 (Linear))"), r.findings().toString());
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElseThrow();
    }
}
