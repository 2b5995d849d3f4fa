package dev.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.init.Initializer;
import dev.nn.api.init.Initializers;
import dev.nn.api.spi.Params;
import dev.nn.api.tensor.Shape;
import dev.nn.init.Samples.Stats;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Init#expectedStd} is the std of what each initializer actually draws, from its own formula: not
 * {@code gain / sqrt(fan_in)} for all of them.
 */
class ExpectedStdTest {
    private static final int OUT = 300;
    private static final int IN = 500;
    private static final Shape WEIGHT = Shape.of(OUT, IN);

    @Test
    void theExpectedStdMatchesTheFormulaAndTheDraws() {
        Map<Initializer, Double> formula = new LinkedHashMap<>();
        formula.put(Init.uniform(-0.1, 0.3), 0.4 / Math.sqrt(12));
        formula.put(Init.normal(1, 0.02), 0.02);
        formula.put(Init.xavierUniform(1), Math.sqrt(2.0 / (IN + OUT)));          // bound / sqrt(3)
        formula.put(Init.xavierNormal(5.0 / 3), 5.0 / 3 * Math.sqrt(2.0 / (IN + OUT)));
        formula.put(Init.kaimingUniform(0, FanMode.FAN_IN, "relu"), Math.sqrt(2.0 / IN));
        formula.put(Init.kaimingNormal(0, FanMode.FAN_OUT, "relu"), Math.sqrt(2.0 / OUT));
        formula.put(Init.kaimingUniform(Math.sqrt(5), FanMode.FAN_IN, "leaky_relu"), 1 / Math.sqrt(3.0 * IN));
        formula.put(Init.varianceScaling(2, FanMode.FAN_AVG, ScalingDistribution.TRUNCATED_NORMAL),
                Math.sqrt(2 / ((IN + OUT) / 2.0)));
        formula.put(Init.lecunUniform(), Math.sqrt(1.0 / IN));
        formula.put(Init.truncNormal(0, 1, -2, 2), Init.TRUNCATED_STD_AT_2);
        formula.put(Init.orthogonal(2), 2 / Math.sqrt(IN));
        formula.put(Init.sparse(0.25, 0.01), 0.01 * Math.sqrt(0.75));
        for (var e : formula.entrySet()) {
            double expected = Init.expectedStd(e.getKey(), WEIGHT).orElseThrow();
            assertEquals(e.getValue(), expected, 1e-9 * e.getValue(), e.getKey().toString());
            Stats.of(Samples.draw(e.getKey(), 7, OUT, IN)).assertStd(expected, e.getKey().toString());
        }
    }

    @Test
    void aTruncatedNormalHasTheStdOfItsTruncatedDistribution() {
        // scipy.stats.truncnorm((a - mean) / std, (b - mean) / std, loc=mean, scale=std).std(), scipy 1.17;
        // 1e-10 is far below the 1e-6 a trapezoid rule or a misplaced cut would be off by
        assertEquals(1.2273448352224992, Init.expectedStd(Init.truncNormal(1, 2, 0, 5), WEIGHT).orElseThrow(),
                1e-10, "off-centre, asymmetric cuts");
        assertEquals(0.2656297927290082, Init.expectedStd(Init.truncNormal(0, 1, 3, Double.POSITIVE_INFINITY),
                WEIGHT).orElseThrow(), 1e-10, "the upper tail beyond 3 std");
        assertEquals(0.16902595985090818, Init.expectedStd(Init.truncNormal(-1, 0.5, Double.NEGATIVE_INFINITY, -2),
                WEIGHT).orElseThrow(), 1e-10, "the lower tail beyond 2 std of a shifted, narrow normal");
    }

    @Test
    void diracHasAnExpectedStdForConvolutionWeightsOnly() {
        // (out=4, in=4, k) with one 1 per output channel: p = 4 / size, std = sqrt(p (1 - p))
        for (Shape conv : new Shape[] {Shape.of(4, 4, 3), Shape.of(4, 4, 3, 3, 3)}) {
            double p = 4.0 / conv.size();
            assertEquals(Math.sqrt(p * (1 - p)), Init.expectedStd(Init.dirac(1), conv).orElseThrow(), 1e-15,
                    conv.toString());
        }
        assertTrue(Init.expectedStd(Init.dirac(1), Shape.of(4, 4)).isEmpty(), "a matrix is no convolution");
        assertTrue(Init.expectedStd(Init.dirac(1), Shape.of(4, 4, 1, 1, 1, 1)).isEmpty(), "no 4-D convolution");
    }

    @Test
    void deterministicInitializersHaveTheSpreadOfTheirValues() {
        assertEquals(0.0, Init.expectedStd(Init.constant(0.5), WEIGHT).orElseThrow());
        double p = (double) OUT / (OUT * IN);
        assertEquals(Math.sqrt(p * (1 - p)), Init.expectedStd(Init.eye(), WEIGHT).orElseThrow(), 1e-15);
        Stats.of(Samples.draw(Init.eye(), 1, OUT, IN)).assertStd(Math.sqrt(p * (1 - p)), "eye");
        Shape conv = Shape.of(8, 4, 3, 3);
        double dirac = Init.expectedStd(Init.dirac(2), conv).orElseThrow();
        assertEquals(Stats.of(Samples.draw(Init.dirac(2), 1, 8, 4, 3, 3)).std(), dirac, 1e-7);
    }

    @Test
    void initializersFoundByNameSayTheirStdAndOthersDoNot() {
        Initializer byName = Initializers.create("xavier_uniform", Params.of("gain", 2.0));
        assertEquals(2 * Math.sqrt(2.0 / (IN + OUT)), Init.expectedStd(byName, WEIGHT).orElseThrow(), 1e-15);
        Initializer custom = (tensor, random) -> tensor.backend().fill(tensor, 1f);
        assertTrue(Init.expectedStd(custom, WEIGHT).isEmpty(), "a lambda does not say");
        assertTrue(Init.expectedStd(Init.xavierUniform(1), Shape.of(10)).isEmpty(), "no fans for a vector");
        assertTrue(Init.expectedStd(Init.eye(), Shape.of(2, 3, 4)).isEmpty(), "eye fills matrices only");
    }
}
