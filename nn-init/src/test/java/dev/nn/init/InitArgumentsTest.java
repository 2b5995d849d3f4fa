package dev.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
