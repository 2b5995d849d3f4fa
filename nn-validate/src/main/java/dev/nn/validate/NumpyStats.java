package dev.nn.validate;

/**
 * numpy's float64 reductions with numpy's summation order, so greedy choices that compare sums (scikit-learn's
 * StratifiedGroupKFold) break near-ties the same way: a contiguous axis is summed pairwise (8 accumulators, blocks
 * of 128) starting from the identity 0, a strided axis row by row.
 */
final class NumpyStats {
    private static final int BLOCK = 128;

    private NumpyStats() {
    }

    /** {@code np.sum} over a contiguous 1-D array. */
    static double sum(double[] a) {
        return 0.0 + pairwise(a, 0, a.length);
    }

    /** {@code np.mean} over a contiguous 1-D array. */
    static double mean(double[] a) {
        return sum(a) / a.length;
    }

    /** {@code np.std} (ddof 0) over a contiguous axis. */
    static double std(double[] a) {
        double m = mean(a);
        double[] sq = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - m;
            sq[i] = d * d;
        }
        return Math.sqrt(sum(sq) / a.length);
    }

    /** {@code np.std(axis=0)} of one column of a C-ordered 2-D array: summed row by row. */
    static double stdStrided(double[] column) {
        double s = 0.0;
        for (double v : column) {
            s += v;
        }
        double m = s / column.length;
        double q = 0.0;
        for (double v : column) {
            double d = v - m;
            q += d * d;
        }
        return Math.sqrt(q / column.length);
    }

    /** {@code np.isclose(a, b)} with rtol 1e-5, atol 1e-8. */
    static boolean isClose(double a, double b) {
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == b;
        }
        return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
    }

    /** numpy's {@code pairwise_sum}. */
    private static double pairwise(double[] a, int off, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[off + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            double[] r = new double[8];
            for (int j = 0; j < 8; j++) {
                r[j] = a[off + j];
            }
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[off + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[off + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwise(a, off, n2) + pairwise(a, off + n2, n - n2);
    }
}
