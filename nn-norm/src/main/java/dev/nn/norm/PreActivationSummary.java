package dev.nn.norm;

/**
 * What the values entering an activation look like: moments, range, and the fractions that make tanh/sigmoid
 * saturate ({@code |x| > 2}, where {@code tanh' < 0.071}) or leave a ReLU dead ({@code x <= 0}).
 *
 * @param count values summarized
 * @param mean their mean
 * @param std their population standard deviation
 * @param min smallest value
 * @param max largest value
 * @param saturatedFraction fraction with {@code |x| > 2}
 * @param deadReluFraction fraction with {@code x <= 0}
 */
public record PreActivationSummary(long count, double mean, double std, double min, double max,
                                   double saturatedFraction, double deadReluFraction) {
    /** The tanh/sigmoid saturation threshold on |x|. */
    public static final double SATURATION = 2.0;

    /**
     * {@return their summary, accumulated in double}
     *
     * @param values the pre-activation values (at least one)
     */
    public static PreActivationSummary of(float[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("Cannot summarize zero pre-activation values; run a forward pass with "
                    + "a non-empty batch first");
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long saturated = 0;
        long dead = 0;
        for (float v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            if (Math.abs(v) > SATURATION) {
                saturated++;
            }
            if (v <= 0) {
                dead++;
            }
        }
        double mean = sum / values.length;
        double sq = 0;
        for (float v : values) {
            sq += (v - mean) * (v - mean);
        }
        return new PreActivationSummary(values.length, mean, Math.sqrt(sq / values.length), min, max,
                (double) saturated / values.length, (double) dead / values.length);
    }
}
