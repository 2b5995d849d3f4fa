package dev.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** calculate_gain and fan rules against their closed forms; the PyTorch values are checked by init_facts. */
class GainFansTest {
    @Test
    void gainsFollowTheClosedForms() {
        for (String linear : new String[] {"linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
            "conv_transpose2d", "conv_transpose3d", "sigmoid"}) {
            assertEquals(1.0, Gain.of(linear), linear);
        }
        assertEquals(5.0 / 3, Gain.of("tanh"));
        assertEquals(Math.sqrt(2), Gain.of("relu"));
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Gain.of("leaky_relu"), 1e-15, "default slope 0.01");
        assertEquals(Math.sqrt(2 / 1.09), Gain.of("leaky_relu", 0.3), 1e-15);
        assertEquals(Math.sqrt(2), Gain.of("leaky_relu", 0), 1e-15, "kaiming's a=0");
        assertEquals(Math.sqrt(2 / 2.0), Gain.of("leaky_relu", 1), 1e-15, "an int slope is a number too");
        assertEquals(0.75, Gain.of("selu"));
        assertEquals(Math.sqrt(2), Gain.of("relu", 0.7), "relu ignores the parameter");
    }

    @Test
    void unsupportedNonlinearityAndBadSlopeAreClearErrors() {
        InitException e = assertThrows(InitException.class, () -> Gain.of("gelu"));
        assertTrue(e.getMessage().startsWith("Unsupported nonlinearity gelu"), e.getMessage());
        assertTrue(e.getMessage().contains("leaky_relu"), "lists what is supported: " + e.getMessage());
        e = assertThrows(InitException.class, () -> Gain.of("leaky_relu", true));
        assertTrue(e.getMessage().startsWith("negative_slope True not a valid number"), e.getMessage());
        e = assertThrows(InitException.class, () -> Gain.of("leaky_relu", "0.2"));
        assertTrue(e.getMessage().startsWith("negative_slope 0.2 not a valid number"), e.getMessage());
    }

    @Test
    void layerKindsMapToNonlinearities() {
        assertEquals("relu", Gain.nonlinearityOf("ReLU").orElseThrow());
        assertEquals("leaky_relu", Gain.nonlinearityOf("LeakyReLU").orElseThrow());
        assertEquals("tanh", Gain.nonlinearityOf("Tanh").orElseThrow());
        assertTrue(Gain.nonlinearityOf("Linear").isEmpty());
        assertTrue(Gain.nonlinearityOf("").isEmpty());
    }

    @Test
    void fansAreChannelsTimesReceptiveField() {
        assertEquals(new Fans(100, 80, 1), Fans.of(80, 100));
        assertEquals(new Fans(8 * 9, 16 * 9, 9), Fans.of(16, 8, 3, 3));
        assertEquals(new Fans(4 * 5, 8 * 5, 5), Fans.of(8, 4, 5));
        assertEquals(new Fans(2 * 60, 3 * 60, 60), Fans.of(3, 2, 3, 4, 5));
        assertEquals(90.0, Fans.of(80, 100).fan(FanMode.FAN_AVG));
    }

    @Test
    void fansNeedRankTwoWithPyTorchsText() {
        InitException e = assertThrows(InitException.class, () -> Fans.of(5));
        assertTrue(e.getMessage().startsWith(
                "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"), e.getMessage());
        assertTrue(e.getMessage().contains("[5]"), "names the shape: " + e.getMessage());
        assertThrows(InitException.class, () -> Samples.draw(Init.xavierUniform(1), 1, 7));
    }

    @Test
    void kaimingModesAreCheckedWithPyTorchsText() {
        InitException e = assertThrows(InitException.class, () -> FanMode.kaiming("fan_avg"));
        assertEquals("Mode fan_avg not supported, please use one of ['fan_in', 'fan_out']", e.getMessage());
        assertEquals(FanMode.FAN_OUT, FanMode.kaiming("FAN_OUT"));
        assertThrows(InitException.class, () -> Init.kaimingNormal(0, FanMode.FAN_AVG, "relu"));
    }

    @Test
    void scalesFollowTorchsOrderOfOperations() {
        Fans f = Fans.of(80, 100);
        assertEquals(Math.sqrt(3.0) * (1.0 * Math.sqrt(2.0 / 180)), Scales.xavierBound(f, 1));
        assertEquals(Math.sqrt(2.0) / Math.sqrt(100), Scales.kaimingStd(f, FanMode.FAN_IN, Math.sqrt(2.0)));
        assertEquals(0.1, Scales.defaultBiasBound(f), 1e-16);
        assertEquals(0.0, Scales.defaultBiasBound(new Fans(0, 4, 1)), "no inputs: a zero bias, not 1/sqrt(0)");
    }
}
