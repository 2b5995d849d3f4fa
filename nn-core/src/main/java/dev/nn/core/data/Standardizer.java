package dev.nn.core.data;

/**
 * Per-feature standardization {@code (x - mean) / std}, like scikit-learn's {@code StandardScaler}: statistics are
 * fitted on the training part only and then applied unchanged to validation and test data, so no information leaks
 * from them. The standard deviation is the population one (ddof 0); a feature whose deviation is (nearly) zero gets
 * scale 1, so it is only centred, never divided by zero.
 */
public final class Standardizer {
    private final float[] mean;
    private final float[] scale;

    private Standardizer(float[] mean, float[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    /**
     * {@return the fitted standardizer}
     *
     * @param train the training samples; every value of a sample is one feature
     */
    public static Standardizer fit(Dataset train) {
        int n = train.size();
        int f = train.sampleSize();
        if (n == 0) {
            throw new DataException("Cannot fit a Standardizer on an empty dataset; fit it on the training part");
        }
        float[] x = train.featureArray();
        double[] sum = new double[f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                sum[j] += x[i * f + j];
            }
        }
        double[] mu = new double[f];
        double[] sq = new double[f];
        for (int j = 0; j < f; j++) {
            mu[j] = sum[j] / n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                double d = x[i * f + j] - mu[j];
                sq[j] += d * d; // two passes: no cancellation for large means
            }
        }
        float[] mean = new float[f];
        float[] scale = new float[f];
        for (int j = 0; j < f; j++) {
            mean[j] = (float) mu[j];
            double var = sq[j] / n;
            // scikit-learn's _is_constant_feature: a variance within the rounding error of its computation is 0
            double eps = Math.ulp(1.0);
            boolean constant = var <= n * eps * var + (n * mu[j] * eps) * (n * mu[j] * eps);
            scale[j] = constant ? 1f : (float) Math.sqrt(var);
        }
        return new Standardizer(mean, scale);
    }

    /**
     * {@return a standardizer with known statistics, e.g. read back from a saved model}
     *
     * @param mean per-feature means, finite
     * @param scale per-feature scales (standard deviations), finite and {@code > 0}, as many as the means
     * @throws DataException naming the first bad value
     */
    public static Standardizer of(float[] mean, float[] scale) {
        if (mean.length == 0 || mean.length != scale.length) {
            throw new DataException("A Standardizer needs one mean and one scale per feature, got " + mean.length
                    + " means and " + scale.length + " scales");
        }
        for (int j = 0; j < mean.length; j++) {
            if (!Float.isFinite(mean[j]) || !(scale[j] > 0 && scale[j] < Float.POSITIVE_INFINITY)) {
                throw new DataException("Standardizer feature " + j + " has mean " + mean[j] + " and scale "
                        + scale[j] + "; means must be finite and scales finite and > 0 (1 for a constant feature)");
            }
        }
        return new Standardizer(mean.clone(), scale.clone());
    }

    /**
     * {@return a new dataset with standardized features}
     *
     * @param data samples with the fitted number of features
     */
    public Dataset transform(Dataset data) {
        int f = mean.length;
        if (data.sampleSize() != f) {
            throw new DataException("This Standardizer was fitted on " + f + " features per sample, but the data "
                    + "has " + data.sampleSize() + " (shape " + data.sampleShape() + "); fit and transform data of "
                    + "the same layout");
        }
        float[] x = data.featureArray();
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i += f) {
            for (int j = 0; j < f; j++) {
                out[i + j] = (x[i + j] - mean[j]) / scale[j];
            }
        }
        return data.withFeatures(out);
    }

    /** {@return a copy of the per-feature means} */
    public float[] mean() {
        return mean.clone();
    }

    /** {@return a copy of the per-feature scales (standard deviations, 1 for constant features)} */
    public float[] scale() {
        return scale.clone();
    }
}
