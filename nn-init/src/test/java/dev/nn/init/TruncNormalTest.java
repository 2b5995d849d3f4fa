package dev.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.init.Initializers;
import dev.nn.api.spi.Params;
import dev.nn.init.Samples.Stats;
import dev.nn.init.Samples.Truncated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * trunc_normal with PyTorch's absolute bounds, across every branch of the sampler (wide and narrow intervals
 * around the mean, one-sided tails, far tails, half-infinite intervals). Expected moments come from numerical
 * integration of the normal density.
 */
class TruncNormalTest {
    @ParameterizedTest(name = "mean={0} std={1} [{2}, {3}]")
    @CsvSource({
        "0, 1, -2, 2",          // PyTorch's defaults
        "0, 1, -0.5, 0.5",      // narrow around the mean
        "1, 2, 2, 5",           // one side, short
        "0, 1, 3, 4",           // tail
        "0, 1, 3, 3.2",         // short tail interval: the uniform proposal of Robert's tail sampler
        "0, 1, -3.2, -3",       // the same in the lower tail
        "0, 1, 2.5, Infinity",  // half-infinite tail
        "5, 1, -1, 1",          // far below the mean (4..6 std away)
        "0, 0.02, -0.04, 0.04", // ViT-style std=0.02, cut at 2 std given as absolute bounds
        "0, 1, -Infinity, 0.3", // half-infinite, containing the mean
    })
    void staysInsideAbsoluteBoundsWithTruncatedMoments(double mean, double std, double a, double b) {
        float[] v = Samples.draw(Init.truncNormal(mean, std, a, b), 21, 400, 500);
        Stats s = Stats.of(v);
        assertTrue(s.min() >= a && s.max() <= b, "range [" + s.min() + ", " + s.max() + "] outside [" + a + ", "
                + b + "]");
        Truncated t = Truncated.of((a - mean) / std, (b - mean) / std);
        s.assertMean(mean + std * t.mean(), "trunc_normal mean");
        s.assertStd(std * t.std(), "trunc_normal std");
    }

    @Test
    void cutsBetweenTwoFloatsKeepEveryValueInside() {
        // a = the float 0.1f plus 1e-10 lies between two floats: values that round down to 0.1f are below a and are
        // clamped up to the next float; b = a + 1e-7 likewise clamps down to the float below it
        float f = 0.1f;
        double a = f + 1e-10;
        double b = a + 1e-7;
        float[] v = Samples.draw(Init.truncNormal(0, 1, a, b), 3, 100, 100);
        Stats s = Stats.of(v);
        assertTrue(s.min() >= a && s.max() <= b, "range [" + s.min() + ", " + s.max() + "] outside [" + a + ", " + b
                + "]");
        assertEquals(Math.nextUp(f), (float) s.min(), "the lowest float inside");
    }

    @Test
    void defaultsAreMeanZeroStdOneCutAtMinusTwoAndTwo() {
        float[] v = Samples.draw(Initializers.create("trunc_normal", Params.empty()), 22, 1000, 200);
        Stats s = Stats.of(v);
        assertTrue(s.min() >= -2 && s.max() <= 2);
        s.assertStd(Init.TRUNCATED_STD_AT_2, "trunc_normal defaults");
    }

    @Test
    void rejectsEmptyIntervalsAndNonPositiveStd() {
        InitException e = assertThrows(InitException.class, () -> Init.truncNormal(0, 1, 2, -2));
        assertTrue(e.getMessage().contains("a < b"), e.getMessage());
        e = assertThrows(InitException.class, () -> Init.truncNormal(0, 0, -2, 2));
        assertTrue(e.getMessage().contains("std > 0"), e.getMessage());
    }
}
