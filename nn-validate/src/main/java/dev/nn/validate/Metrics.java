package dev.nn.validate;

/** Scores of predictions against targets (scikit-learn's definitions). */
public final class Metrics {
    private Metrics() {
    }

    /**
     * {@return the fraction predicted right}
     *
     * @param yTrue class labels
     * @param yPred predicted labels
     */
    public static double accuracy(int[] yTrue, int[] yPred) {
        sameLength(yTrue.length, yPred.length);
        int right = 0;
        for (int i = 0; i < yTrue.length; i++) {
            right += yTrue[i] == yPred[i] ? 1 : 0;
        }
        return (double) right / yTrue.length;
    }

    /**
     * {@return mean of squared errors, accumulated in double}
     *
     * @param yTrue targets
     * @param yPred predictions
     */
    public static double meanSquaredError(float[] yTrue, float[] yPred) {
        sameLength(yTrue.length, yPred.length);
        double s = 0;
        for (int i = 0; i < yTrue.length; i++) {
            double d = (double) yPred[i] - yTrue[i];
            s += d * d;
        }
        return s / yTrue.length;
    }

    /**
     * {@return mean of absolute errors}
     *
     * @param yTrue targets
     * @param yPred predictions
     */
    public static double meanAbsoluteError(float[] yTrue, float[] yPred) {
        sameLength(yTrue.length, yPred.length);
        double s = 0;
        for (int i = 0; i < yTrue.length; i++) {
            s += Math.abs((double) yPred[i] - yTrue[i]);
        }
        return s / yTrue.length;
    }

    /**
     * {@return per row the index of the largest score (the first on ties, as {@code argmax})}
     *
     * @param logits row-major scores {@code (rows, classes)}
     * @param rows rows
     * @param classes columns
     */
    public static int[] argmax(float[] logits, int rows, int classes) {
        if (logits.length != (long) rows * classes) {
            throw new IllegalArgumentException("argmax over (" + rows + ", " + classes + ") needs "
                    + (long) rows * classes + " values, got " + logits.length);
        }
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[r * classes + c] > logits[r * classes + best]) {
                    best = c;
                }
            }
            out[r] = best;
        }
        return out;
    }

    private static void sameLength(int a, int b) {
        if (a != b || a == 0) {
            throw new IllegalArgumentException("Found input variables with inconsistent numbers of samples: [" + a
                    + ", " + b + "]; pass one prediction per target (and at least one)");
        }
    }
}
