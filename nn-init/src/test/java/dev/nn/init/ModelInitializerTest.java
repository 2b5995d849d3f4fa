package dev.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.ParameterRole;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import dev.nn.core.layer.Sigmoid;
import dev.nn.core.layer.Tanh;
import dev.nn.init.Samples.Stats;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Whole-model initialization by rules on layer kind, parameter role and the following layer. */
class ModelInitializerTest {
    private static Sequential model() {
        SplittableRandom r = new SplittableRandom(1);
        return new Sequential(new Linear(Samples.BACKEND, 300, 400, r), new ScaleShift(400), new ReLU(),
                new Linear(Samples.BACKEND, 400, 200, r), new Tanh(),
                new Linear(Samples.BACKEND, 200, 100, r), new Sigmoid(),
                new Linear(Samples.BACKEND, 100, 10, r));
    }

    private static float[] values(Layer model, String name) {
        return model.namedParameters().get(name).value().toArray();
    }

    @Test
    void recommendedPicksTheInitializerForTheFollowingNonlinearity() {
        Sequential m = model();
        ModelInitializer.Outcome out = ModelInitializer.recommended().initialize(m, 7);
        Map<String, String> rule = new java.util.HashMap<>();
        out.assignments().forEach(a -> rule.put(a.parameter(), a.rule()));
        // Linear 0 is followed by the norm layer and then by ReLU: the norm does not hide the ReLU
        assertEquals("weight followed by ReLU/LeakyReLU", rule.get("0.weight"));
        assertEquals("weight followed by Tanh", rule.get("3.weight"));
        assertEquals("weight followed by Sigmoid", rule.get("5.weight"));
        assertEquals("other weights", rule.get("7.weight"));
        assertEquals("role BIAS", rule.get("0.bias"));
        assertEquals("role NORM_SCALE", rule.get("1.weight"));
        assertEquals("role NORM_SHIFT", rule.get("1.bias"));
        assertEquals(List.of(), out.untouched());
        assertEquals(List.of(), out.findings());

        Stats.of(values(m, "0.weight")).assertStd(Math.sqrt(2.0 / 300), "kaiming_normal (400, 300), relu");
        Stats.of(values(m, "3.weight")).assertStd(5.0 / 3 * Math.sqrt(2.0 / 600), "xavier_uniform gain 5/3");
        assertArrayEquals(new float[400], values(m, "0.bias"));
        float[] ones = new float[400];
        Arrays.fill(ones, 1f);
        assertArrayEquals(ones, values(m, "1.weight"));
        assertArrayEquals(new float[400], values(m, "1.bias"));
    }

    @Test
    void recommendedLooksThroughNormalizationAndDropoutToTheActivation() {
        SplittableRandom r = new SplittableRandom(1);
        Sequential m = new Sequential(new Linear(Samples.BACKEND, 50, 40, r), new ScaleShift(40), new ReLU(),
                new Linear(Samples.BACKEND, 40, 30, r), new Renamed("Dropout"), new ScaleShift(30), new Tanh(),
                new Linear(Samples.BACKEND, 30, 20, r), new Renamed("LayerNorm"), new Sigmoid(),
                new Linear(Samples.BACKEND, 20, 10, r), new Renamed("MaxPool2d"), new ReLU(),
                new Linear(Samples.BACKEND, 10, 5, r));
        List<ParameterSite> sites = ParameterSite.of(m);
        Map<String, String> activation = new java.util.HashMap<>();
        sites.forEach(s -> activation.put(s.name(), s.nextActivation()));
        assertEquals("ReLU", activation.get("0.weight"));
        assertEquals("Tanh", activation.get("3.weight"), "through dropout and a norm");
        assertEquals("Sigmoid", activation.get("7.weight"));
        assertEquals("", activation.get("10.weight"), "pooling is not looked through");
        assertEquals("", activation.get("13.weight"), "the last layer");
        assertEquals("BatchNorm1d", sites.getFirst().nextKind(), "nextKind stays the very next layer");

        Map<String, String> rule = new java.util.HashMap<>();
        ModelInitializer.recommended().initialize(m, 2).assignments().forEach(a -> rule.put(a.parameter(), a.rule()));
        assertEquals("weight followed by ReLU/LeakyReLU", rule.get("0.weight"));
        assertEquals("weight followed by Tanh", rule.get("3.weight"));
        assertEquals("weight followed by Sigmoid", rule.get("7.weight"));
        assertEquals("other weights", rule.get("10.weight"));
        Stats.of(values(m, "0.weight")).assertStd(Math.sqrt(2.0 / 50), "He before BatchNorm and ReLU");
    }

    /** A parameter-free pass-through layer of a given kind. */
    private record Renamed(String kind) implements Layer {
        @Override
        public dev.nn.api.tensor.Tensor forward(dev.nn.api.tensor.Tensor x, dev.nn.api.layer.Mode mode) {
            return x;
        }

        @Override
        public dev.nn.api.tensor.Tensor backward(dev.nn.api.tensor.Tensor gradOutput) {
            return gradOutput;
        }
    }

    @Test
    void heForWeightsFollowedByRelu() {
        SplittableRandom r = new SplittableRandom(1);
        Sequential m = new Sequential(new Linear(Samples.BACKEND, 500, 300, r), new ReLU(),
                new Linear(Samples.BACKEND, 300, 10, r));
        ModelInitializer.Outcome out = ModelInitializer.recommended().initialize(m, 3);
        assertEquals("weight followed by ReLU/LeakyReLU", out.assignments().getFirst().rule());
        assertEquals("kaiming_normal(a=0.0, mode=fan_in, nonlinearity=relu)",
                out.assignments().getFirst().initializer());
        Stats s = Stats.of(values(m, "0.weight"));
        s.assertMean(0, "He normal");
        s.assertStd(Math.sqrt(2.0 / 500), "He normal");
    }

    @Test
    void sameSeedSameModelDifferentSeedDifferentModel() {
        Sequential a = model();
        Sequential b = model();
        Sequential c = model();
        ModelInitializer init = ModelInitializer.recommended();
        init.initialize(a, 11);
        init.initialize(b, 11);
        init.initialize(c, 12);
        for (String name : a.namedParameters().keySet()) {
            assertArrayEquals(values(a, name), values(b, name), name);
        }
        assertFalse(Arrays.equals(values(a, "0.weight"), values(c, "0.weight")));
        // each parameter has its own stream: weights of same-shaped layers differ
        assertFalse(Arrays.equals(values(a, "0.bias"), values(a, "3.weight")));
    }

    @Test
    void aParameterDoesNotDependOnTheOtherLayers() {
        SplittableRandom r = new SplittableRandom(1);
        Sequential small = new Sequential(new Linear(Samples.BACKEND, 20, 30, r), new ReLU());
        Sequential big = new Sequential(new Linear(Samples.BACKEND, 20, 30, r), new ReLU(),
                new Linear(Samples.BACKEND, 30, 30, r));
        ModelInitializer init = ModelInitializer.builder().role(ParameterRole.WEIGHT, Init.normal(0, 1)).build();
        init.initialize(small, 5);
        init.initialize(big, 5);
        assertArrayEquals(values(small, "0.weight"), values(big, "0.weight"));
    }

    @Test
    void firstMatchingRuleWinsAndUnmatchedParametersKeepTheirValues() {
        Sequential m = model();
        float[] before = values(m, "7.bias");
        ModelInitializer.Outcome out = ModelInitializer.builder()
                .parameter("7.weight", Init.constant(0.5))
                .kind("Linear", ParameterRole.WEIGHT, Init.xavierNormal(1))
                .followedBy("relu", ParameterRole.BIAS, Init.ones())
                .role(ParameterRole.WEIGHT, Init.zeros())
                .optLint(LintMode.OFF)
                .build()
                .initialize(m, 1);
        float[] half = new float[1000];
        Arrays.fill(half, 0.5f);
        assertArrayEquals(half, values(m, "7.weight"));
        assertEquals("Linear WEIGHT", out.assignments().stream().filter(a -> a.parameter().equals("3.weight"))
                .findFirst().orElseThrow().rule());
        // the norm's scale (role NORM_SCALE) and every bias not before a ReLU are untouched
        assertTrue(out.untouched().containsAll(List.of("0.bias", "1.weight", "1.bias", "3.bias", "7.bias")),
                out.untouched().toString());
        assertArrayEquals(before, values(m, "7.bias"));
    }

    @Test
    void followedByLooksAtTheNextLayer() {
        SplittableRandom r = new SplittableRandom(1);
        Sequential m = new Sequential(new Linear(Samples.BACKEND, 4, 3, r), new ReLU(),
                new Linear(Samples.BACKEND, 3, 2, r));
        ModelInitializer.builder().followedBy("ReLU", ParameterRole.BIAS, Init.constant(0.1)).build()
                .initialize(m, 1);
        assertArrayEquals(new float[] {0.1f, 0.1f, 0.1f}, values(m, "0.bias"));
        assertFalse(Arrays.equals(new float[] {0.1f, 0.1f}, values(m, "2.bias")));
    }

    @Test
    void strictLintStopsASymmetricInitialization() {
        Sequential m = model();
        ModelInitializer zeros = ModelInitializer.builder().role(ParameterRole.WEIGHT, Init.zeros())
                .optLint(LintMode.STRICT).build();
        InitLintException e = assertThrows(InitLintException.class, () -> zeros.initialize(m, 1));
        assertEquals(4, e.findings().size());
        assertTrue(e.getMessage().startsWith("Initialization lint found 4 problems (strict mode)"), e.getMessage());
    }
}
