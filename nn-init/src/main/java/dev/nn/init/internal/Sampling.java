package dev.nn.init.internal;

import java.util.random.RandomGenerator;

/** Draws float32 values from the basic distributions; every draw comes from the given generator. */
public final class Sampling {
    private Sampling() {
    }

    /**
     * @param n how many
     * @param lo lower bound (inclusive)
     * @param hi upper bound (exclusive when above lo)
     * @param random the stream
     * @return n values from U(lo, hi) in [lo, hi), as {@code torch.Tensor.uniform_}
     */
    public static float[] uniform(int n, double lo, double hi, RandomGenerator random) {
        float[] out = new float[n];
        double width = hi - lo;
        for (int i = 0; i < n; i++) {
            float v = (float) (lo + width * random.nextDouble());
            // rounding to float can land on hi itself; keep the interval half-open
            out[i] = v >= hi && hi > lo ? Math.nextDown(v) : v;
        }
        return out;
    }

    /**
     * @param n how many
     * @param mean the mean
     * @param std the standard deviation
     * @param random the stream
     * @return n values from N(mean, std^2)
     */
    public static float[] normal(int n, double mean, double std, RandomGenerator random) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (mean + std * random.nextGaussian());
        }
        return out;
    }

    /**
     * @param n how many
     * @param mean the mean of the untruncated normal
     * @param std its standard deviation, > 0
     * @param a lower cut (absolute), may be -infinity
     * @param b upper cut (absolute), >= a, may be +infinity
     * @param random the stream
     * @return n values from N(mean, std^2) conditioned on [a, b], each float inside [a, b]
     */
    public static float[] truncatedNormal(int n, double mean, double std, double a, double b,
                                          RandomGenerator random) {
        double lo = (a - mean) / std;
        double hi = (b - mean) / std;
        float fa = floatAtLeast(a);
        float fb = floatAtMost(b);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            float v = (float) (mean + std * TruncatedNormal.standard(lo, hi, random));
            // rounding to float may step just outside; clamp as torch's trunc_normal_ does
            out[i] = Math.min(Math.max(v, fa), fb);
        }
        return out;
    }

    /**
     * @param mean the mean of the untruncated normal
     * @param std its standard deviation, > 0
     * @param a lower cut (absolute), may be -infinity
     * @param b upper cut (absolute), > a, may be +infinity
     * @return the standard deviation of N(mean, std^2) conditioned on [a, b], by Simpson's rule on the density
     *     relative to its peak in the interval (so cuts far in a tail neither underflow nor lose digits)
     */
    public static double truncatedNormalStd(double mean, double std, double a, double b) {
        double lo = (a - mean) / std;
        double hi = (b - mean) / std;
        double peak = Math.min(Math.max(0, lo), hi);
        // beyond 40 standard units from the peak the relative density is below exp(-800)
        double from = Math.max(lo, peak - 40);
        double to = Math.min(hi, peak + 40);
        int steps = 20_000;
        double h = (to - from) / steps;
        double w = 0;
        double wz = 0;
        double wzz = 0;
        for (int i = 0; i <= steps; i++) {
            double z = from + i * h;
            double simpson = i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2;
            double density = simpson * Math.exp(-(z * z - peak * peak) / 2);
            w += density;
            wz += density * z;
            wzz += density * z * z;
        }
        double m = wz / w;
        return std * Math.sqrt(Math.max(0, wzz / w - m * m));
    }

    private static float floatAtLeast(double x) {
        float f = (float) x;
        return f < x ? Math.nextUp(f) : f;
    }

    private static float floatAtMost(double x) {
        float f = (float) x;
        return f > x ? Math.nextDown(f) : f;
    }
}
