package dev.nn.init;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.init.Initializer;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.SplittableRandom;

/** Test helpers: draw from an initializer on the scalar backend and judge sample statistics. */
final class Samples {
    static final Backend BACKEND = Backends.select("scalar");

    private Samples() {
    }

    static float[] draw(Initializer init, long seed, int... dims) {
        Tensor t = BACKEND.zeros(Shape.of(dims));
        init.initialize(t, new SplittableRandom(seed));
        return t.toArray();
    }

    /** Sample moments accumulated in double. */
    record Stats(int n, double mean, double std, double min, double max, double kurtosis) {
        static Stats of(float[] v) {
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (float x : v) {
                sum += x;
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            double mean = sum / v.length;
            double m2 = 0;
            double m4 = 0;
            for (float x : v) {
                double d = x - mean;
                m2 += d * d;
                m4 += d * d * d * d;
            }
            m2 /= v.length;
            m4 /= v.length;
            return new Stats(v.length, mean, Math.sqrt(m2), min, max, m4 / (m2 * m2));
        }

        /** Mean within 5 standard errors of the expected mean. */
        void assertMean(double expected, String what) {
            double se = std / Math.sqrt(n);
            assertTrue(Math.abs(mean - expected) <= 5 * se, what + ": mean " + mean + " expected " + expected
                    + " +- 5*" + se);
        }

        /** Std within 5 standard errors; the std's standard error is s * sqrt((kurtosis - 1) / (4n)). */
        void assertStd(double expected, String what) {
            double se = std * Math.sqrt((kurtosis - 1) / (4.0 * n));
            assertTrue(Math.abs(std - expected) <= 5 * se, what + ": std " + std + " expected " + expected
                    + " +- 5*" + se);
        }

        /** Every value inside [lo, hi] and the extremes close to them (a sample this large reaches both ends). */
        void assertFills(double lo, double hi, double slack, String what) {
            assertTrue(min >= lo && max <= hi, what + ": range [" + min + ", " + max + "] outside [" + lo + ", "
                    + hi + "]");
            assertTrue(min - lo <= slack && hi - max <= slack, what + ": range [" + min + ", " + max
                    + "] does not reach [" + lo + ", " + hi + "] within " + slack);
        }
    }

    /** Moments of N(0,1) restricted to [lo, hi], by Simpson's rule on the density (independent of the sampler). */
    record Truncated(double mean, double std) {
        static Truncated of(double lo, double hi) {
            double a = Math.max(lo, -40);
            double b = Math.min(hi, 40);
            int steps = 200_000;
            double h = (b - a) / steps;
            double z = 0;
            double m1 = 0;
            double m2 = 0;
            for (int i = 0; i <= steps; i++) {
                double x = a + i * h;
                double w = (i == 0 || i == steps) ? 1 : (i % 2 == 1 ? 4 : 2);
                double d = w * Math.exp(-0.5 * x * x);
                z += d;
                m1 += d * x;
                m2 += d * x * x;
            }
            double mean = m1 / z;
            return new Truncated(mean, Math.sqrt(m2 / z - mean * mean));
        }
    }
}
