package dev.nn.validate;

import java.util.Arrays;

/**
 * A score summarized over folds: mean, sample standard deviation (n - 1) and a two-sided confidence interval for
 * the mean from Student's t with n - 1 degrees of freedom ({@code mean ± t * std / sqrt(n)}). Folds share
 * training data, so the interval is optimistic (Nadeau and Bengio); read it as a lower bound on the uncertainty.
 *
 * @param mean mean over folds
 * @param std sample standard deviation (NaN for one fold)
 * @param n number of folds
 * @param confidence confidence level, e.g. 0.95
 * @param low lower end of the interval (NaN for one fold)
 * @param high upper end of the interval (NaN for one fold)
 */
public record Estimate(double mean, double std, int n, double confidence, double low, double high) {
    /**
     * {@return the summary}
     *
     * @param values one value per fold
     * @param confidence in (0, 1)
     */
    public static Estimate of(double[] values, double confidence) {
        if (values.length == 0) {
            throw new IllegalArgumentException("Cannot summarize zero folds; run at least one fold");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        int n = values.length;
        double mean = Arrays.stream(values).sum() / n;
        if (n == 1) {
            return new Estimate(mean, Double.NaN, 1, confidence, Double.NaN, Double.NaN);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(ss / (n - 1));
        double half = StudentT.quantile(0.5 + confidence / 2, n - 1) * std / Math.sqrt(n);
        return new Estimate(mean, std, n, confidence, mean - half, mean + half);
    }

    /**
     * {@return the summary with a 95% interval}
     *
     * @param values one value per fold
     */
    public static Estimate of(double[] values) {
        return of(values, 0.95);
    }

    /** @return {@code 0.1234 ± 0.0123 (95% CI [0.1100, 0.1368], 5 folds)} */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.4g ± %.2g (%d%% CI [%.4g, %.4g], %d folds)", mean, std,
                Math.round(confidence * 100), low, high, n);
    }
}
