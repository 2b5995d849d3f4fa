package dev.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments fail when the initializer is made, with a message that names the value and the rule. */
class InitArgumentsTest {
    private static String message(Executable call) {
        return assertThrows(InitException.class, call).getMessage();
    }

    @Test
    void argumentsAreCheckedAtCreation() {
        assertEquals("normal needs std >= 0 (and finite), got -1.0", message(() -> Init.normal(0, -1)));
        assertEquals("uniform needs a finite b, got Infinity",
                message(() -> Init.uniform(0, Double.POSITIVE_INFINITY)));
        assertTrue(message(() -> Init.sparse(1.5, 0.01)).contains("0 <= sparsity <= 1"));
        assertEquals("dirac needs groups >= 1, got 0", message(() -> Init.dirac(0)));
        assertEquals("variance_scaling needs scale > 0, got 0.0",
                message(() -> Init.varianceScaling(0, FanMode.FAN_IN, ScalingDistribution.UNIFORM)));
        assertTrue(message(() -> Init.xavierUniform(Double.NaN)).contains("finite gain"));
        assertTrue(message(() -> Init.kaimingUniform(0, FanMode.FAN_IN, "softplus"))
                .startsWith("Unsupported nonlinearity softplus"));
        assertEquals("Invalid mode 'fan_mid' for variance_scaling; use one of fan_in, fan_out, fan_avg",
                message(() -> FanMode.varianceScaling("fan_mid")));
    }

    @Test
    void everyRealArgumentMustBeFinite() {
        double nan = Double.NaN;
        assertEquals("uniform needs a finite a, got NaN", message(() -> Init.uniform(nan, 1)));
        assertEquals("normal needs a finite mean, got NaN", message(() -> Init.normal(nan, 1)));
        assertEquals("trunc_normal needs a finite mean, got NaN", message(() -> Init.truncNormal(nan, 1, -2, 2)));
        assertEquals("trunc_normal needs a finite std, got Infinity",
                message(() -> Init.truncNormal(0, Double.POSITIVE_INFINITY, -2, 2)));
        assertEquals("xavier_normal needs a finite gain, got NaN", message(() -> Init.xavierNormal(nan)));
        assertEquals("variance_scaling needs a finite scale, got Infinity", message(() -> Init.varianceScaling(
                Double.POSITIVE_INFINITY, FanMode.FAN_IN, ScalingDistribution.NORMAL)));
        assertEquals("orthogonal needs a finite gain, got NaN", message(() -> Init.orthogonal(nan)));
        assertEquals("kaiming needs a finite a, got NaN", message(() -> Init.kaimingNormal(nan, FanMode.FAN_IN,
                "leaky_relu")));
        assertEquals("sparse needs std >= 0 (and finite), got -0.5", message(() -> Init.sparse(0.5, -0.5)));
        assertEquals("normal needs std >= 0 (and finite), got Infinity",
                message(() -> Init.normal(0, Double.POSITIVE_INFINITY)));
    }

    @Test
    void theClosedEndsOfEachRangeAreAccepted() {
        // U(a, a), N(mean, 0) and sparse at 0 and 1 are degenerate but valid in PyTorch: every value is known
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, Samples.draw(Init.uniform(0.5, 0.5), 1, 3));
        assertArrayEquals(new float[] {2, 2, 2}, Samples.draw(Init.normal(2, 0), 1, 3));
        assertArrayEquals(new float[6], Samples.draw(Init.sparse(1, 0.01), 1, 3, 2), "every value zeroed");
        for (float v : Samples.draw(Init.sparse(0, 1), 1, 3, 2)) {
            assertNotEquals(0f, v, "no value zeroed");
        }
        assertEquals("trunc_normal needs a < b (absolute cut points, not multiples of std), got a=1.0, b=1.0",
                message(() -> Init.truncNormal(0, 1, 1, 1)));
        assertEquals("trunc_normal needs std > 0, got 0.0", message(() -> Init.truncNormal(0, 0, -1, 1)));
    }

    @Test
    void rankIsCheckedWhenApplied() {
        assertTrue(message(() -> Samples.draw(Init.sparse(0.5, 0.01), 1, 2, 3, 4))
                .startsWith("Only tensors with 2 dimensions are supported by sparse"));
        assertTrue(message(() -> Samples.draw(Init.kaimingNormal(0, FanMode.FAN_IN, "relu"), 1, 10))
                .startsWith("Fan in and fan out can not be computed"));
    }

    @Test
    void zeroElementTensorsAreLeftAlone() {
        assertEquals(0, Samples.draw(Init.xavierUniform(1), 1, 0, 5).length);
        assertEquals(0, Samples.draw(Init.orthogonal(1), 1, 0, 3).length);
    }
}
