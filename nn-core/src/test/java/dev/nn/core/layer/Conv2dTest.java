package dev.nn.core.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Conv2dTest {
    private final Backend b = Backends.select("scalar");

    @ParameterizedTest(name = "n{0} c{1} {2}x{3} -> {4}, k{5}x{6} s{7}x{8} p{9}x{10} d{11}x{12} g{13} bias={14}")
    @CsvSource({
        "2, 3, 5, 5, 4, 3, 3, 1, 1, 0, 0, 1, 1, 1, true",
        "1, 2, 6, 6, 3, 3, 3, 2, 2, 1, 1, 1, 1, 1, true",
        "1, 2, 7, 7, 2, 3, 3, 1, 1, 2, 2, 2, 2, 1, false",
        "2, 4, 5, 6, 6, 3, 3, 1, 1, 1, 1, 1, 1, 2, true",
        "1, 4, 5, 5, 8, 3, 3, 1, 1, 1, 1, 1, 1, 4, true",
        "1, 3, 6, 7, 2, 2, 3, 2, 1, 1, 0, 1, 2, 1, true",
        "2, 2, 4, 4, 3, 1, 1, 1, 1, 0, 0, 1, 1, 1, true",
    })
    void gradientsMatchFiniteDifferences(int n, int c, int h, int w, int out, int kh, int kw, int sh, int sw, int ph,
                                         int pw, int dh, int dw, int groups, boolean bias) {
        var random = new SplittableRandom(17 + n * 31L + c * 7L + kh + 3L * groups + sh);
        Conv2d conv = Conv2d.builder(c, out, kh, kw).optStride(sh, sw).optPadding(ph, pw).optDilation(dh, dw)
                .optGroups(groups).optBias(bias).build(b, random);
        Tensor x = RandomTensors.gaussian(b, random, n, c, h, w);
        var report = GradientCheck.layer(conv.toString(), conv, x, Mode.TRAIN, random, 1e-2)
                .assertWithin(5e-4, 1e-3);
        assertEquals(bias ? List.of("input", "weight", "bias") : List.of("input", "weight"),
                List.copyOf(report.comparisons().keySet()));
    }

    @Test
    void forwardOfAOneByOneKernelIsAChannelMix() {
        // independent of im2col: y[n, o, i, j] = sum_c w[o, c] x[n, c, i, j] + b[o]
        Conv2d conv = new Conv2d(b, 2, 1, 1, new SplittableRandom(1));
        conv.weight().set(new float[] {2, -1});
        conv.bias().set(new float[] {0.5f});
        Tensor x = b.tensor(Shape.of(1, 2, 1, 2), new float[] {1, 2, 3, 4});
        assertArrayEquals(new float[] {2 - 3 + 0.5f, 4 - 4 + 0.5f}, conv.forward(x, Mode.EVAL).toArray());
    }

    @Test
    void outputShapeFollowsPyTorchsFormula() {
        Conv2d conv = Conv2d.builder(3, 8, 3).optStride(2).optPadding(1).build(b, new SplittableRandom(2));
        // floor((7 + 2 - 3) / 2) + 1 = 4 and floor((10 + 2 - 3) / 2) + 1 = 5
        assertEquals(Shape.of(2, 8, 4, 5), conv.forward(b.zeros(Shape.of(2, 3, 7, 10)), Mode.TRAIN).shape());
        Conv2d dilated = Conv2d.builder(1, 1, 3).optDilation(2).build(b, new SplittableRandom(2));
        // the dilated kernel spans 5: floor((9 - 5) / 1) + 1 = 5
        assertEquals(Shape.of(1, 1, 5, 5), dilated.forward(b.zeros(Shape.of(1, 1, 9, 9)), Mode.TRAIN).shape());
    }

    @Test
    void unbatchedInputGivesUnbatchedOutputAndGradient() {
        var random = new SplittableRandom(5);
        Conv2d conv = new Conv2d(b, 2, 3, 3, 1, 1, random);
        Tensor x = RandomTensors.gaussian(b, random, 2, 4, 4);
        Tensor y = conv.forward(x, Mode.TRAIN);
        assertEquals(Shape.of(3, 4, 4), y.shape());
        Tensor batched = conv.forward(x.reshape(1, 2, 4, 4), Mode.TRAIN);
        assertArrayEquals(batched.toArray(), y.toArray());
        conv.forward(x, Mode.TRAIN);
        assertEquals(Shape.of(2, 4, 4), conv.backward(b.zeros(Shape.of(3, 4, 4))).shape());
    }

    @Test
    void defaultInitIsUniformWithinOneOverSqrtFanIn() {
        // fan_in = in_channels / groups * kH * kW = 16 / 4 * 5 * 5 = 100 -> bound 0.1
        Conv2d conv = Conv2d.builder(16, 64, 5).optGroups(4).build(b, new SplittableRandom(3));
        assertEquals(Shape.of(64, 4, 5, 5), conv.weight().value().shape());
        float[] w = conv.weight().value().toArray();
        double sumSq = 0;
        for (float v : w) {
            assertTrue(Math.abs(v) <= 0.1, "weight " + v + " outside U(-0.1, 0.1)");
            sumSq += v * v;
        }
        // U(-a, a) has std a / sqrt(3); 6400 draws put the sample std within 3% of it
        assertEquals(0.1 / Math.sqrt(3), Math.sqrt(sumSq / w.length), 0.03 * 0.1 / Math.sqrt(3));
        for (float v : conv.bias().value().toArray()) {
            assertTrue(Math.abs(v) <= 0.1, "bias " + v + " outside U(-0.1, 0.1)");
        }
        assertTrue(new java.util.HashSet<>(java.util.Arrays.asList(box(conv.bias().value().toArray()))).size() > 60,
                "bias values should be drawn, not constant");
    }

    @Test
    void sameSeedSameWeights() {
        assertArrayEquals(new Conv2d(b, 3, 4, 3, new SplittableRandom(9)).weight().value().toArray(),
                new Conv2d(b, 3, 4, 3, new SplittableRandom(9)).weight().value().toArray());
    }

    @Test
    void parametersAreNamedAndTypedLikePyTorch() {
        Conv2d conv = new Conv2d(b, 3, 4, 3, new SplittableRandom(1));
        assertEquals(List.of("weight", "bias"), List.copyOf(conv.namedParameters().keySet()));
        assertEquals(ParameterRole.WEIGHT, conv.weight().role());
        assertEquals(ParameterRole.BIAS, conv.bias().role());
        Conv2d noBias = Conv2d.builder(3, 4, 3).optBias(false).build(b, new SplittableRandom(1));
        assertNull(noBias.bias());
        assertEquals(List.of("weight"), List.copyOf(noBias.namedParameters().keySet()));
    }

    @Test
    void reprMatchesPyTorch() {
        assertEquals("Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1))",
                new Conv2d(b, 3, 8, 3, new SplittableRandom(1)).toString());
        assertEquals("Conv2d(4, 8, kernel_size=(3, 1), stride=(2, 2), padding=(1, 0), dilation=(2, 2), groups=2, "
                + "bias=False)", Conv2d.builder(4, 8, 3, 1).optStride(2).optPadding(1, 0).optDilation(2)
                .optGroups(2).optBias(false).build(b, new SplittableRandom(1)).toString());
    }

    @Test
    void channelMismatchNamesBothCountsAndTheFix() {
        Conv2d conv = new Conv2d(b, 3, 8, 3, new SplittableRandom(1));
        var e = assertThrows(ShapeException.class, () -> conv.forward(b.zeros(Shape.of(1, 1, 5, 5)), Mode.TRAIN));
        assertEquals("Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1)) got input of shape [1, 1, 5, 5] with 1 "
                + "channels (dim 1), expected in_channels=3; make the previous layer output 3 channels or build "
                + "Conv2d with in_channels=1", e.getMessage());
    }

    @Test
    void flatInputIsRejectedWithAReshapeHint() {
        Conv2d conv = new Conv2d(b, 3, 8, 3, new SplittableRandom(1));
        var e = assertThrows(ShapeException.class, () -> conv.forward(b.zeros(Shape.of(4, 27)), Mode.TRAIN));
        assertTrue(e.getMessage().contains("expects a 4-D input (N, C, H, W) or an unbatched 3-D input (C, H, W), "
                + "got shape [4, 27] of rank 2"), e.getMessage());
        assertTrue(e.getMessage().contains("x.reshape(N, 3, H, W)"), e.getMessage());
        var e5 = assertThrows(ShapeException.class, () -> conv.forward(b.zeros(Shape.of(1, 1, 3, 5, 5)),
                Mode.TRAIN));
        assertTrue(e5.getMessage().contains("of rank 5"), e5.getMessage());
    }

    @Test
    void inputSmallerThanTheKernelIsRejected() {
        Conv2d conv = Conv2d.builder(1, 1, 3).optDilation(2).build(b, new SplittableRandom(1));
        var e = assertThrows(ShapeException.class, () -> conv.forward(b.zeros(Shape.of(1, 1, 4, 9)), Mode.TRAIN));
        assertTrue(e.getMessage().contains("the padded input 4x9 is smaller than the dilated kernel 5x5"),
                e.getMessage());
    }

    @Test
    void invalidSettingsAreRejectedAtConstruction() {
        var random = new SplittableRandom(1);
        var groups = assertThrows(IllegalArgumentException.class,
                () -> Conv2d.builder(6, 4, 3).optGroups(4).build(b, random));
        assertEquals("Conv2d in_channels must be divisible by groups, got in_channels=6 and groups=4; choose "
                + "groups among the divisors of 6", groups.getMessage());
        var outGroups = assertThrows(IllegalArgumentException.class,
                () -> Conv2d.builder(4, 6, 3).optGroups(4).build(b, random));
        assertTrue(outGroups.getMessage().startsWith("Conv2d out_channels must be divisible by groups"));
        var stride = assertThrows(IllegalArgumentException.class,
                () -> Conv2d.builder(1, 1, 3).optStride(0).build(b, random));
        assertTrue(stride.getMessage().contains("stride=(0, 0)"), stride.getMessage());
        var padding = assertThrows(IllegalArgumentException.class,
                () -> Conv2d.builder(1, 1, 3).optPadding(-1).build(b, random));
        assertTrue(padding.getMessage().contains("padding must be >= 0"), padding.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(b, 0, 1, 3, random));
    }

    @Test
    void backwardBeforeForwardIsAnError() {
        Conv2d conv = new Conv2d(b, 1, 1, 1, new SplittableRandom(1));
        assertThrows(IllegalStateException.class, () -> conv.backward(b.zeros(Shape.of(1, 1, 1, 1))));
    }

    @Test
    void gradientsAccumulateUntilZeroed() {
        var random = new SplittableRandom(4);
        Conv2d conv = new Conv2d(b, 2, 2, 3, 1, 1, random);
        Tensor x = RandomTensors.gaussian(b, random, 1, 2, 4, 4);
        Tensor dy = RandomTensors.gaussian(b, random, 1, 2, 4, 4);
        conv.forward(x, Mode.TRAIN);
        conv.backward(dy);
        float[] once = conv.weight().grad().toArray();
        conv.forward(x, Mode.TRAIN);
        conv.backward(dy);
        float[] twice = conv.weight().grad().toArray();
        for (int i = 0; i < once.length; i++) {
            assertEquals(2 * once[i], twice[i], 1e-5f);
        }
        conv.zeroGrad();
        assertEquals(0.0, b.sumOfSquares(conv.weight().grad()));
    }

    private static Float[] box(float[] v) {
        Float[] out = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
