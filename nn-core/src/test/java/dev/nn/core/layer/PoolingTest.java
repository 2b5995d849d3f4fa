package dev.nn.core.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoolingTest {
    private final Backend b = Backends.select("scalar");

    // 4x4 plane 0..15 row-major
    private Tensor ramp() {
        float[] v = new float[16];
        for (int i = 0; i < 16; i++) {
            v[i] = i;
        }
        return b.tensor(Shape.of(1, 1, 4, 4), v);
    }

    @Test
    void maxPoolTakesTheLargestOfEachWindow() {
        Tensor y = new MaxPool2d(2).forward(ramp(), Mode.TRAIN);
        assertEquals(Shape.of(1, 1, 2, 2), y.shape());
        assertArrayEquals(new float[] {5, 7, 13, 15}, y.toArray());
    }

    @Test
    void maxPoolSendsTheGradientToTheMaximumOnly() {
        MaxPool2d pool = new MaxPool2d(2);
        pool.forward(ramp(), Mode.TRAIN);
        float[] dx = pool.backward(b.tensor(Shape.of(1, 1, 2, 2), new float[] {1, 2, 3, 4})).toArray();
        float[] expected = new float[16];
        expected[5] = 1;
        expected[7] = 2;
        expected[13] = 3;
        expected[15] = 4;
        assertArrayEquals(expected, dx);
    }

    @Test
    void avgPoolCountsPaddingInTheDivisor() {
        // window 3x3 with padding 1, stride 2 on 0..15: the top-left window sees 0, 1, 4, 5 and five zeros
        Tensor y = new AvgPool2d(3, 2, 1).forward(ramp(), Mode.TRAIN);
        assertEquals(Shape.of(1, 1, 2, 2), y.shape());
        assertEquals((0 + 1 + 4 + 5) / 9f, y.toArray()[0], 1e-6f);
        // bottom-right window: rows 1..3, cols 1..3, all inside
        assertEquals((5 + 6 + 7 + 9 + 10 + 11 + 13 + 14 + 15) / 9f, y.toArray()[3], 1e-6f);
    }

    @Test
    void strideDefaultsToTheKernel() {
        assertEquals(Shape.of(2, 3, 3, 2), new AvgPool2d(3).forward(b.zeros(Shape.of(2, 3, 9, 8)), Mode.TRAIN)
                .shape());
        assertEquals(Shape.of(2, 3, 3, 2), new MaxPool2d(3).forward(b.zeros(Shape.of(2, 3, 9, 8)), Mode.TRAIN)
                .shape());
    }

    @ParameterizedTest(name = "max={0} n{1} c{2} {3}x{4} k{5}x{6} s{7}x{8} p{9}x{10}")
    @CsvSource({
        "true, 2, 2, 6, 6, 2, 2, 2, 2, 0, 0",
        "true, 1, 3, 7, 7, 3, 3, 2, 2, 1, 1",
        "true, 1, 2, 5, 6, 2, 3, 1, 2, 1, 1",
        "true, 2, 1, 5, 5, 3, 3, 1, 1, 0, 0",
        "false, 2, 2, 6, 6, 2, 2, 2, 2, 0, 0",
        "false, 1, 3, 7, 7, 3, 3, 2, 2, 1, 1",
        "false, 1, 2, 5, 6, 2, 3, 1, 2, 1, 1",
        "false, 2, 1, 5, 5, 3, 3, 1, 1, 0, 0",
    })
    void gradientsMatchFiniteDifferences(boolean max, int n, int c, int h, int w, int kh, int kw, int sh, int sw,
                                         int ph, int pw) {
        var random = new SplittableRandom(100 + n + 7L * h + 13L * kw + (max ? 1 : 0));
        Pool2d pool = max ? new MaxPool2d(kh, kw, sh, sw, ph, pw) : new AvgPool2d(kh, kw, sh, sw, ph, pw);
        // values 0.05 apart and a step of 0.01: no two window entries can swap order during the check
        Tensor x = RandomTensors.distinct(b, random, 0.05, n, c, h, w);
        GradientCheck.layer(pool.toString(), pool, x, Mode.TRAIN, random, 1e-2).assertWithin(5e-4, 1e-3);
    }

    @Test
    void unbatchedInputIsPooledPerChannel() {
        var random = new SplittableRandom(3);
        Tensor x = RandomTensors.gaussian(b, random, 2, 4, 4);
        MaxPool2d pool = new MaxPool2d(2);
        Tensor y = pool.forward(x, Mode.TRAIN);
        assertEquals(Shape.of(2, 2, 2), y.shape());
        assertArrayEquals(new MaxPool2d(2).forward(x.reshape(1, 2, 4, 4), Mode.TRAIN).toArray(), y.toArray());
        assertEquals(Shape.of(2, 4, 4), pool.backward(b.zeros(Shape.of(2, 2, 2))).shape());
    }

    @Test
    void globalAveragePoolingGivesOneMeanPerChannel() {
        Tensor x = b.tensor(Shape.of(2, 2, 1, 3), new float[] {1, 2, 3, 4, 5, 6, -1, -2, -6, 0, 0, 3});
        GlobalAvgPool2d pool = new GlobalAvgPool2d();
        Tensor y = pool.forward(x, Mode.TRAIN);
        assertEquals(Shape.of(2, 2), y.shape());
        assertArrayEquals(new float[] {2, 5, -3, 1}, y.toArray(), 1e-6f);
        float[] dx = pool.backward(b.tensor(Shape.of(2, 2), new float[] {3, 6, -3, 0})).toArray();
        assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2, -1, -1, -1, 0, 0, 0}, dx, 1e-6f);
    }

    @Test
    void globalAveragePoolingGradientMatchesFiniteDifferences() {
        var random = new SplittableRandom(8);
        Tensor x = RandomTensors.gaussian(b, random, 2, 3, 4, 5);
        GradientCheck.layer("GlobalAvgPool2d", new GlobalAvgPool2d(), x, Mode.TRAIN, random, 1e-2)
                .assertWithin(5e-4, 1e-3);
    }

    @Test
    void globalAveragePoolingNeedsABatch() {
        var e = assertThrows(ShapeException.class,
                () -> new GlobalAvgPool2d().forward(b.zeros(Shape.of(3, 4, 4)), Mode.TRAIN));
        assertEquals("GlobalAvgPool2d expects a 4-D input (N, C, H, W), got shape [3, 4, 4] of rank 3; add the "
                + "batch dimension, e.g. x.reshape(1, C, H, W)", e.getMessage());
    }

    @Test
    void windowLargerThanTheInputIsRejected() {
        var e = assertThrows(ShapeException.class,
                () -> new MaxPool2d(3).forward(b.zeros(Shape.of(1, 1, 2, 5)), Mode.TRAIN));
        assertEquals("MaxPool2d(kernel_size=(3, 3), stride=(3, 3), padding=(0, 0)) got input of shape "
                + "[1, 1, 2, 5]: the padded input 2x5 is smaller than the window 3x3; use a smaller kernel_size or "
                + "pool fewer times before this layer", e.getMessage());
    }

    @Test
    void flatInputIsRejected() {
        var e = assertThrows(ShapeException.class,
                () -> new AvgPool2d(2).forward(b.zeros(Shape.of(4, 16)), Mode.TRAIN));
        assertTrue(e.getMessage().contains("got shape [4, 16] of rank 2"), e.getMessage());
    }

    @Test
    void paddingAboveHalfTheKernelIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(3, 1, 2));
        assertEquals("MaxPool2d padding must be >= 0 and at most half of kernel_size, got padding=(2, 2) for "
                + "kernel_size=(3, 3); use padding <= (1, 1)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(0));
        assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(2, 0, 0));
    }

    @Test
    void backwardBeforeForwardIsAnError() {
        assertThrows(IllegalStateException.class, () -> new MaxPool2d(2).backward(b.zeros(Shape.of(1, 1, 1, 1))));
        assertThrows(IllegalStateException.class, () -> new GlobalAvgPool2d().backward(b.zeros(Shape.of(1, 1))));
    }
}
