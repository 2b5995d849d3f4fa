package dev.nn.validate;

/**
 * Per-feature standardization {@code (x - mean) / std} with population statistics (scikit-learn's
 * {@code StandardScaler}; a constant feature keeps scale 1). Fit it on a fold's training rows only: statistics that
 * saw the validation rows leak them into training.
 */
public final class Standardizer {
    private final double[] mean;
    private final double[] scale;

    private Standardizer(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    /**
     * @param x rows of features
     * @param rows the rows to take statistics from (the training part)
     * @return the fitted standardizer
     */
    public static Standardizer fit(float[][] x, int[] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("Cannot fit a standardizer on zero rows; the training part is empty");
        }
        int d = x[rows[0]].length;
        double[] mean = new double[d];
        for (int r : rows) {
            checkWidth(x[r], d, r);
            for (int j = 0; j < d; j++) {
                mean[j] += x[r][j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        double[] var = new double[d];
        for (int r : rows) {
            for (int j = 0; j < d; j++) {
                double c = x[r][j] - mean[j];
                var[j] += c * c;
            }
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double s = Math.sqrt(var[j] / rows.length);
            scale[j] = s == 0 ? 1 : s;
        }
        return new Standardizer(mean, scale);
    }

    /**
     * @param d number of features
     * @return a standardizer that changes nothing
     */
    public static Standardizer identity(int d) {
        double[] ones = new double[d];
        java.util.Arrays.fill(ones, 1);
        return new Standardizer(new double[d], ones);
    }

    /**
     * @param x rows of features
     * @param rows which rows to transform, in this order
     * @return the standardized rows, flattened row-major {@code (rows.length, d)}
     */
    public float[] transform(float[][] x, int[] rows) {
        int d = mean.length;
        float[] out = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            checkWidth(x[rows[i]], d, rows[i]);
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) ((x[rows[i]][j] - mean[j]) / scale[j]);
            }
        }
        return out;
    }

    /** @return per-feature means */
    public double[] mean() {
        return mean.clone();
    }

    /** @return per-feature scales (standard deviations, 1 for constant features) */
    public double[] scale() {
        return scale.clone();
    }

    private static void checkWidth(float[] row, int d, int r) {
        if (row.length != d) {
            throw new IllegalArgumentException("Row " + r + " has " + row.length + " features but the first row has "
                    + d + "; every row needs the same number of features");
        }
    }
}
