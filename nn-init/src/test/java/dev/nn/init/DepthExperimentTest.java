package dev.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.init.Initializer;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.layer.Sequential;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The classic experiment: a 10-layer ReLU MLP of width 256 on a standardized batch. He keeps the activation scale;
 * Xavier (derived for linear/tanh units) loses a factor 1/sqrt(2) per ReLU layer; N(0, 1) multiplies it by
 * sqrt(256/2) per layer; zeros make every unit identical. The init report must say so in words.
 */
class DepthExperimentTest {
    private static final int DEPTH = 10;
    private static final int WIDTH = 256;

    private static InitReport run(Initializer weights, LintMode lint) {
        Sequential model = Models.reluMlp(DEPTH, WIDTH);
        ModelInitializer.Outcome init = ModelInitializer.builder()
                .role(ParameterRole.WEIGHT, weights)
                .role(ParameterRole.BIAS, Init.zeros())
                .optLint(lint)
                .build()
                .initialize(model, 2024);
        Tensor x = Models.standardInput(128, WIDTH, 5);
        InitReport report = InitReport.probe(model, x, new SplittableRandom(6), init);
        System.out.println("== " + weights + "\n" + report.summary());
        return report;
    }

    // std after the first and the last ReLU: the activations the next layer sees
    private static double firstToLast(InitReport r) {
        List<LayerStats> l = r.layers();
        return l.get(2 * DEPTH - 1).activationStd() / l.get(1).activationStd();
    }

    @Test
    void heKeepsTheActivationScaleThroughTenReluLayers() {
        InitReport r = run(Init.kaimingNormal(0, FanMode.FAN_IN, "relu"), LintMode.STRICT);
        double ratio = firstToLast(r);
        assertTrue(ratio > 0.5 && ratio < 2, "He: last/first activation std " + ratio);
        assertTrue(r.healthy(), r.findings().toString());
        assertTrue(r.findings().getFirst().endsWith("(healthy)"), r.findings().getFirst());
        // gradients keep their scale too (fan_in rule with equal widths)
        double g = r.layers().getFirst().gradStd() / r.outputGradStd();
        assertTrue(g > 0.5 && g < 2, "He: input/output gradient std " + g);
        // expected vs measured weight std: sqrt(2 / 256) before a ReLU
        LayerStats first = r.layers().getFirst();
        assertEquals(Math.sqrt(2.0 / WIDTH), first.expectedWeightStd(), 1e-15);
        assertEquals(first.expectedWeightStd(), first.measuredWeightStd(), 0.02 * first.expectedWeightStd());
    }

    @Test
    void xavierVanishesByAFactorSqrtTwoPerReluLayer() {
        InitReport r = run(Init.xavierUniform(1), LintMode.STRICT);
        double ratio = firstToLast(r);
        double expected = Math.pow(1 / Math.sqrt(2), DEPTH - 1);
        assertTrue(ratio > expected / 2 && ratio < expected * 2, "Xavier: last/first " + ratio + " vs (1/sqrt2)^9 "
                + expected);
        String text = String.join("\n", r.findings());
        assertTrue(text.contains("activation std collapses from 1.00 to "), text);
        assertTrue(text.contains("by layer 19 (ReLU) (vanishing, starts at layer "), text);
        assertTrue(text.contains("gradient std shrinks from 1.00 at the output to "), text);
        assertTrue(!r.healthy());
    }

    @Test
    void standardNormalWeightsExplode() {
        InitReport r = run(Init.normal(0, 1), LintMode.STRICT);
        double ratio = firstToLast(r);
        double expected = Math.pow(Math.sqrt(WIDTH / 2.0), DEPTH - 1);
        assertTrue(ratio > expected / 3 && ratio < expected * 3, "N(0,1): last/first " + ratio + " vs "
                + expected);
        String text = String.join("\n", r.findings());
        assertTrue(text.contains("activation std explodes from 1.00 to "), text);
        assertTrue(text.contains("(exploding, starts at layer 0 (Linear))"), text);
        assertTrue(text.contains("gradient std grows"), text);
    }

    @Test
    void zerosCollapseAndMakeEveryUnitIdentical() {
        InitReport r = run(Init.zeros(), LintMode.WARN);
        String text = String.join("\n", r.findings());
        assertTrue(text.contains("all units of layer 0 (Linear) are identical (symmetry)"), text);
        assertTrue(text.contains("activation std collapses from 1.00 to 0 by layer 19 (ReLU) (vanishing, starts at"
                + " layer 0 (Linear))"), text);
        assertTrue(text.contains("100% of the units of layer 1 (ReLU) are dead"), text);
        assertEquals(0, r.layers().getLast().activationStd());
    }

    @Test
    void zeroWeightsAreASymmetryErrorInStrictMode() {
        InitLintException e = assertThrows(InitLintException.class, () -> run(Init.zeros(), LintMode.STRICT));
        assertEquals(DEPTH, e.findings().size());
        assertTrue(e.getMessage().contains("weight '0.weight' of Linear [256, 256] is constant (every value 0.0)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("the symmetry problem"), e.getMessage());
    }
}
