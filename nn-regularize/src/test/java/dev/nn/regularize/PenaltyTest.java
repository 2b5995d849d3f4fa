package dev.nn.regularize;

import static dev.nn.regularize.Tensors.SCALAR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.ShapeException;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PenaltyTest {
    private static final float[] W = {0.5f, -1.25f, 0f, 2f, -0.75f, 3f};
    private static final float[] B = {0.1f, -0.2f};
    private static final float[] GAMMA = {1.5f, 0.5f};

    /** A Linear(3, 2) weight and bias plus a norm layer's scale, with gradients of 0.1 everywhere. */
    private static Map<String, Parameter> model() {
        Map<String, Parameter> params = new LinkedHashMap<>();
        params.put("0.weight", param("weight", ParameterRole.WEIGHT, Shape.of(2, 3), W));
        params.put("0.bias", param("bias", ParameterRole.BIAS, Shape.of(2), B));
        params.put("1.weight", param("weight", ParameterRole.NORM_SCALE, Shape.of(2), GAMMA));
        return params;
    }

    private static Parameter param(String name, ParameterRole role, Shape shape, float[] values) {
        Parameter p = new Parameter(name, role, SCALAR.tensor(shape, values));
        SCALAR.fill(p.grad(), 0.1f);
        return p;
    }

    @Test
    void weightsOnlyExemptsBiasesAndNormalizationParameters() {
        Map<String, Parameter> m = model();
        assertEquals(Map.of("0.weight", 0.01, "0.bias", 0.0, "1.weight", 0.0),
                ParameterGroups.weightsOnly(0.01).coefficients(m));
        assertEquals(Map.of("0.weight", 0.01, "0.bias", 0.01, "1.weight", 0.01),
                ParameterGroups.all(0.01).coefficients(m));
        ParameterGroups custom = ParameterGroups.weightsOnly(0.01)
                .withParameter("0.bias", 0.5)
                .withGroup("norm", (name, p) -> p.role() == ParameterRole.NORM_SCALE, 0.25)
                .withGroup("never reached for 0.bias", (name, p) -> name.endsWith("bias"), 9.0);
        assertEquals(Map.of("0.weight", 0.01, "0.bias", 0.5, "1.weight", 0.25), custom.coefficients(m));
        var e = assertThrows(IllegalArgumentException.class, () -> ParameterGroups.weightsOnly(-1e-4));
        assertTrue(e.getMessage().contains("finite and >= 0, got -1.0E-4"), e.getMessage());
    }

    @Test
    void l2AddsLambdaTimesWToTheGradientLikeSgdWeightDecay() {
        float lambda = 0.05f;
        Map<String, Parameter> m = model();
        new L2Penalty(lambda).addGradient(m);
        float[] g = m.get("0.weight").grad().toArray();
        for (int i = 0; i < W.length; i++) {
            assertEquals(0.1f + lambda * W[i], g[i], "weight " + i);
        }
        assertArrayEquals(new float[] {0.1f, 0.1f}, m.get("0.bias").grad().toArray(), "bias exempt");
        assertArrayEquals(new float[] {0.1f, 0.1f}, m.get("1.weight").grad().toArray(), "norm scale exempt");

        // the same SGD step as PyTorch's SGD(weight_decay=lambda) on the weight (the backend's sgdStep)
        Map<String, Parameter> viaSgd = model();
        Parameter w = viaSgd.get("0.weight");
        SCALAR.sgdStep(w.value(), null, w.grad(), 0.1f, 0f, 0f, lambda, false, true);
        Parameter ours = m.get("0.weight");
        SCALAR.sgdStep(ours.value(), null, ours.grad(), 0.1f, 0f, 0f, 0f, false, true);
        assertArrayEquals(w.value().toArray(), ours.value().toArray());
    }

    @Test
    void l2ValueIsHalfLambdaTimesSumOfSquaresOfWeights() {
        double sumSquares = 0;
        for (float w : W) {
            sumSquares += w * w;
        }
        assertEquals(0.5 * 0.05 * sumSquares, new L2Penalty(0.05).value(model()), 1e-12);
        double withBias = sumSquares + B[0] * B[0] + B[1] * B[1] + GAMMA[0] * GAMMA[0] + GAMMA[1] * GAMMA[1];
        assertEquals(0.5 * 0.05 * withBias, new L2Penalty(ParameterGroups.all(0.05)).value(model()), 1e-7);
    }

    @Test
    void l1AddsLambdaTimesSignWithZeroAtZero() {
        Map<String, Parameter> m = model();
        L1Penalty l1 = new L1Penalty(0.01);
        l1.addGradient(m);
        float[] g = m.get("0.weight").grad().toArray();
        float[] expected = {0.1f + 0.01f, 0.1f - 0.01f, 0.1f, 0.1f + 0.01f, 0.1f - 0.01f, 0.1f + 0.01f};
        assertArrayEquals(expected, g);
        assertArrayEquals(new float[] {0.1f, 0.1f}, m.get("0.bias").grad().toArray());
        double abs = 0;
        for (float w : W) {
            abs += Math.abs(w);
        }
        assertEquals(0.01 * abs, l1.value(model()), 1e-12);
        // the gradient is the value's derivative away from 0 (central difference on weight 3)
        Map<String, Parameter> plus = model();
        Map<String, Parameter> minus = model();
        float[] wp = W.clone();
        float[] wm = W.clone();
        wp[3] += 1e-3f;
        wm[3] -= 1e-3f;
        plus.get("0.weight").set(wp);
        minus.get("0.weight").set(wm);
        assertEquals(0.01, (l1.value(plus) - l1.value(minus)) / 2e-3, 1e-6);
    }

    @Test
    void decoupledDecayShrinksWeightsByOneMinusLrLambda() {
        Map<String, Parameter> m = model();
        new DecoupledWeightDecay(0.01).apply(m, 1e-3);
        float factor = (float) (1.0 - 1e-3 * 0.01);     // PyTorch AdamW: param.mul_(1 - lr * weight_decay)
        float[] w = m.get("0.weight").value().toArray();
        for (int i = 0; i < W.length; i++) {
            assertEquals(W[i] * factor, w[i], "weight " + i);
        }
        assertArrayEquals(B, m.get("0.bias").value().toArray());
        assertArrayEquals(GAMMA, m.get("1.weight").value().toArray());
        assertArrayEquals(new float[] {0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f}, m.get("0.weight").grad().toArray(),
                "decoupled decay leaves the gradient alone");
        assertThrows(IllegalArgumentException.class, () -> new DecoupledWeightDecay(0.01).apply(m, -1));
    }

    @Test
    void decoupledDecayBeforeAPlainAdamStepIsPyTorchsAdamW() {
        // torch.optim.AdamW(lr=0.01), weight_decay 0.1 for the weight and 0 for the bias (two param groups);
        // loss = sum(w * C) + sum(b^2) with C = [[1, 2, 3], [4, 5, 6]]; values after 3 steps from PyTorch 1.13
        float[] expectedW = {0.4685315191745758f, -1.2762237787246704f, -0.029970010742545128f,
            1.9640361070632935f, -0.7777222394943237f, 2.9610390663146973f};
        float[] expectedB = {0.07015863060951233f, -0.1700623482465744f};
        Map<String, Parameter> m = model();
        m.remove("1.weight");
        DecoupledWeightDecay decay = new DecoupledWeightDecay(0.1);
        Parameter w = m.get("0.weight");
        Parameter b = m.get("0.bias");
        var state = new HashMap<Parameter, Tensor[]>();
        for (Parameter p : m.values()) {
            state.put(p, new Tensor[] {SCALAR.zeros(p.value().shape()), SCALAR.zeros(p.value().shape())});
        }
        for (int step = 1; step <= 3; step++) {
            SCALAR.write(w.grad(), new float[] {1, 2, 3, 4, 5, 6});
            float[] bv = b.value().toArray();
            SCALAR.write(b.grad(), new float[] {2 * bv[0], 2 * bv[1]});
            decay.apply(m, 0.01);
            for (Parameter p : m.values()) {
                var mv = state.get(p);
                SCALAR.adamStep(p.value(), mv[0], mv[1], p.grad(), 0.01f, 0.9f, 0.999f, 1e-8f, 0f, false, step);
            }
        }
        assertArrayEquals(expectedW, w.value().toArray(), 1e-6f);
        assertArrayEquals(expectedB, b.value().toArray(), 1e-6f);
    }

    @Test
    void maxNormRescalesRowsAboveTheBoundLikeKeras() {
        // rows with norms 5, 1 and 13 (3-4-0, 0.6-0.8-0, 5-12-0) and bound 2
        float[] w = {3f, 4f, 0f, 0.6f, 0.8f, 0f, 5f, 12f, 0f};
        Parameter p = new Parameter("weight", ParameterRole.WEIGHT, SCALAR.tensor(Shape.of(3, 3), w));
        new MaxNorm(2.0).apply(p);
        float[] out = p.value().toArray();
        double[] norms = {5, 1, 13};
        for (int r = 0; r < 3; r++) {
            double factor = Math.min(norms[r], 2.0) / (1e-7 + norms[r]);  // Keras: w * clip(n, 0, c) / (eps + n)
            for (int c = 0; c < 3; c++) {
                assertEquals(w[r * 3 + c] * factor, out[r * 3 + c], 1e-6, "row " + r + " col " + c);
            }
        }
        double norm0 = Math.hypot(out[0], out[1]);
        assertEquals(2.0, norm0, 1e-6);
    }

    @Test
    void maxNormTreatsConvOutputChannelsAsUnitsAndSkipsBiases() {
        float[] w = new float[3 * 2 * 2 * 2];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i / 8 + 1) * (i % 2 == 0 ? 1f : -1f);    // channel k: 8 values of magnitude k+1, norm 2.83(k+1)
        }
        Map<String, Parameter> m = new LinkedHashMap<>();
        m.put("conv.weight", new Parameter("weight", ParameterRole.WEIGHT, SCALAR.tensor(Shape.of(3, 2, 2, 2), w)));
        m.put("conv.bias", new Parameter("bias", ParameterRole.BIAS,
                SCALAR.tensor(Shape.of(3), new float[] {9, 9, 9})));
        new MaxNorm(3.0).applyToWeights(m);
        float[] out = m.get("conv.weight").value().toArray();
        for (int k = 0; k < 3; k++) {
            double n = 0;
            for (int i = k * 8; i < (k + 1) * 8; i++) {
                n += (double) out[i] * out[i];
            }
            double before = (k + 1) * Math.sqrt(8);
            assertEquals(Math.min(before, 3.0), Math.sqrt(n), 1e-5, "channel " + k);
        }
        assertArrayEquals(new float[] {9, 9, 9}, m.get("conv.bias").value().toArray());
        var e = assertThrows(ShapeException.class, () -> new MaxNorm().apply(m.get("conv.bias")));
        assertTrue(e.getMessage().contains("rank >= 2") && e.getMessage().contains("'bias'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MaxNorm(0));
    }
}
