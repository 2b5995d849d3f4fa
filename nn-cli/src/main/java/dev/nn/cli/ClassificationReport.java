package dev.nn.cli;

import dev.nn.core.train.TextTable;
import java.util.List;

/**
 * Per-class precision, recall, F1 and support from a confusion matrix, with macro and support-weighted averages,
 * as scikit-learn's {@code classification_report}: a class never predicted has precision 0, and F1 is 0 where
 * precision and recall both are (its {@code zero_division=0}).
 */
final class ClassificationReport {
    private final List<String> names;
    private final double[] precision;
    private final double[] recall;
    private final double[] f1;
    private final long[] support;

    private ClassificationReport(List<String> names, double[] precision, double[] recall, double[] f1,
                                 long[] support) {
        this.names = names;
        this.precision = precision;
        this.recall = recall;
        this.f1 = f1;
        this.support = support;
    }

    /**
     * @param counts {@code counts[true][predicted]}, square
     * @param names class names by index
     * @return the scores
     */
    static ClassificationReport of(long[][] counts, List<String> names) {
        int k = counts.length;
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        long[] support = new long[k];
        for (int c = 0; c < k; c++) {
            long predicted = 0;
            for (int r = 0; r < k; r++) {
                predicted += counts[r][c];
                support[c] += counts[c][r];
            }
            long tp = counts[c][c];
            precision[c] = predicted == 0 ? 0 : (double) tp / predicted;
            recall[c] = support[c] == 0 ? 0 : (double) tp / support[c];
            double sum = precision[c] + recall[c];
            f1[c] = sum == 0 ? 0 : 2 * precision[c] * recall[c] / sum;
        }
        return new ClassificationReport(names, precision, recall, f1, support);
    }

    double precision(int c) {
        return precision[c];
    }

    double recall(int c) {
        return recall[c];
    }

    double f1(int c) {
        return f1[c];
    }

    /** @return the unweighted mean of the per-class F1 scores */
    double macroF1() {
        return mean(f1, null);
    }

    /** @return the per-class F1 scores weighted by support */
    double weightedF1() {
        return mean(f1, support);
    }

    private double mean(double[] v, long[] weights) {
        double sum = 0;
        double total = 0;
        for (int c = 0; c < v.length; c++) {
            double w = weights == null ? 1 : weights[c];
            sum += w * v[c];
            total += w;
        }
        return total == 0 ? 0 : sum / total;
    }

    /** @return a table: one row per class, then the macro and weighted averages */
    @Override
    public String toString() {
        TextTable t = new TextTable("class", "precision", "recall", "f1", "support");
        for (int c = 0; c < names.size(); c++) {
            t.row(names.get(c), d(precision[c]), d(recall[c]), d(f1[c]), support[c]);
        }
        long n = java.util.Arrays.stream(support).sum();
        t.row("macro avg", d(mean(precision, null)), d(mean(recall, null)), d(macroF1()), n);
        t.row("weighted avg", d(mean(precision, support)), d(mean(recall, support)), d(weightedF1()), n);
        return t.toString();
    }

    private static String d(double v) {
        return TextTable.decimals(v, 4);
    }
}
