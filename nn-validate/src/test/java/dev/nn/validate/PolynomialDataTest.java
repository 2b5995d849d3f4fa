package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The polynomial of Dive into Deep Learning's under/over-fitting chapter: y = 5 + 1.2 x - 3.4 x^2/2! + 5.6 x^3/3!
 * + 0.1 noise, with x and the noise standard Gaussians drawn in that order.
 */
class PolynomialDataTest {
    /** Hands out the given Gaussian draws in order. */
    private static RandomGenerator gaussians(double... draws) {
        Deque<Double> queue = new ArrayDeque<>();
        for (double d : draws) {
            queue.add(d);
        }
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new AssertionError("only Gaussians are drawn");
            }

            @Override
            public double nextGaussian() {
                return queue.remove();
            }
        };
    }

    @Test
    void targetsFollowTheCubicWithTenthOfTheNoise() {
        // x = 1, noise 0: 5 + 1.2 - 1.7 + 5.6/6 = 5.4333; x = 2, noise 1: 5 + 2.4 - 6.8 + 44.8/6 + 0.1 = 8.1667
        PolynomialData d = PolynomialData.generate(2, gaussians(1, 0, 2, 1));
        assertEquals(2, d.size());
        assertArrayEquals(new float[] {1, 2}, d.x());
        assertEquals(5 + 1.2 - 1.7 + 5.6 / 6, d.y()[0], 1e-5);
        assertEquals(5 + 2.4 - 6.8 + 44.8 / 6 + 0.1, d.y()[1], 1e-5);
    }

    @Test
    void oneSampleIsEnoughAndDegreeZeroIsTheConstant() {
        PolynomialData one = PolynomialData.generate(1, gaussians(3, 0));
        assertEquals(1, one.size());
        assertArrayEquals(new float[][] {{1}}, one.features(0));
        // [1, x, x^2/2, x^3/6] at x = 3
        assertArrayEquals(new float[] {1, 3, 4.5f, 4.5f}, one.features(3)[0]);
        assertEquals("PolynomialData needs at least 1 sample, got 0",
                assertThrows(IllegalArgumentException.class, () -> PolynomialData.generate(0, gaussians()))
                        .getMessage());
        assertEquals("Polynomial degree must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> one.features(-1)).getMessage());
    }
}
