package dev.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.layer.ParameterRole;
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
    }
}
