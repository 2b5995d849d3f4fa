package dev.nn.init.internal;

import java.util.random.RandomGenerator;

/**
 * Exact samples of a standard normal restricted to {@code [lo, hi]} by rejection (C. P. Robert, "Simulation of
 * truncated normal variables", Statistics and Computing 5, 1995). Unlike the inverse-CDF method it needs no erf and
 * stays exact far in the tails; each branch accepts a constant fraction of proposals, so the cost is bounded.
 */
final class TruncatedNormal {
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

    private TruncatedNormal() {
    }

    /**
     * @param lo lower cut in standard units
     * @param hi upper cut, >= lo
     * @param random the stream
     * @return one sample
     */
    static double standard(double lo, double hi, RandomGenerator random) {
        if (lo <= 0 && hi >= 0) {
            return hi - lo >= SQRT_2PI ? byNormalProposal(lo, hi, random) : byUniformAroundZero(lo, hi, random);
        }
        return lo > 0 ? tail(lo, hi, random) : -tail(-hi, -lo, random);
    }

    // wide interval around 0: plain normal draws land inside at least half of the time
    private static double byNormalProposal(double lo, double hi, RandomGenerator random) {
        while (true) {
            double z = random.nextGaussian();
            if (z >= lo && z <= hi) {
                return z;
            }
        }
    }

    // narrow interval around 0: uniform proposal, accepted with the normal density relative to its peak
    private static double byUniformAroundZero(double lo, double hi, RandomGenerator random) {
        while (true) {
            double z = lo + (hi - lo) * random.nextDouble();
            if (random.nextDouble() <= Math.exp(-0.5 * z * z)) {
                return z;
            }
        }
    }

    // 0 < lo <= hi: uniform proposal for a short interval, translated exponential otherwise (Robert, Prop. 2.3)
    private static double tail(double lo, double hi, RandomGenerator random) {
        double root = Math.sqrt(lo * lo + 4);
        double lambda = (lo + root) / 2;
        double uniformBetterBelow = 2 * Math.sqrt(Math.E) / (lo + root) * Math.exp((lo * lo - lo * root) / 4);
        if (hi - lo < uniformBetterBelow) {
            while (true) {
                double z = lo + (hi - lo) * random.nextDouble();
                if (random.nextDouble() <= Math.exp((lo * lo - z * z) / 2)) {
                    return z;
                }
            }
        }
        while (true) {
            double z = lo - Math.log(1 - random.nextDouble()) / lambda;
            if (z <= hi && random.nextDouble() <= Math.exp(-0.5 * (z - lambda) * (z - lambda))) {
                return z;
            }
        }
    }
}
