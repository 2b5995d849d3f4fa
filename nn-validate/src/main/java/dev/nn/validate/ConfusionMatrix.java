package dev.nn.validate;

import java.util.Arrays;

/**
 * scikit-learn's {@code confusion_matrix}: entry {@code [i][j]} counts samples of true class {@code labels[i]}
 * predicted as {@code labels[j]}; labels are the sorted union of both arrays unless given.
 */
public final class ConfusionMatrix {
    private final int[] labels;
    private final long[][] counts;

    private ConfusionMatrix(int[] labels, long[][] counts) {
        this.labels = labels;
        this.counts = counts;
    }

    /**
     * {@return the matrix over the labels that occur}
     *
     * @param yTrue true labels
     * @param yPred predicted labels
     */
    public static ConfusionMatrix of(int[] yTrue, int[] yPred) {
        int[] labels = java.util.stream.IntStream.concat(Arrays.stream(yTrue), Arrays.stream(yPred))
                .distinct().sorted().toArray();
        return of(yTrue, yPred, labels);
    }

    /**
     * {@return the matrix}
     *
     * @param yTrue true labels
     * @param yPred predicted labels
     * @param labels the rows/columns in order; samples with other labels are not counted (as scikit-learn)
     */
    public static ConfusionMatrix of(int[] yTrue, int[] yPred, int[] labels) {
        if (yTrue.length != yPred.length) {
            throw new IllegalArgumentException("Found input variables with inconsistent numbers of samples: ["
                    + yTrue.length + ", " + yPred.length + "]; pass one prediction per target");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("'labels' should contain at least one label");
        }
        long[][] c = new long[labels.length][labels.length];
        for (int i = 0; i < yTrue.length; i++) {
            int r = indexOf(labels, yTrue[i]);
            int k = indexOf(labels, yPred[i]);
            if (r >= 0 && k >= 0) {
                c[r][k]++;
            }
        }
        return new ConfusionMatrix(labels.clone(), c);
    }

    private static int indexOf(int[] labels, int v) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /** {@return the labels of rows and columns} */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * {@return the count}
     *
     * @param trueIndex row
     * @param predIndex column
     */
    public long count(int trueIndex, int predIndex) {
        return counts[trueIndex][predIndex];
    }

    /** {@return a copy of the matrix} */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** {@return per class: correct / all of that true class (recall), NaN for an absent class} */
    public double[] recall() {
        double[] r = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            long row = Arrays.stream(counts[i]).sum();
            r[i] = row == 0 ? Double.NaN : (double) counts[i][i] / row;
        }
        return r;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("true\\pred");
        for (int l : labels) {
            sb.append('\t').append(l);
        }
        for (int i = 0; i < labels.length; i++) {
            sb.append('\n').append(labels[i]);
            for (long v : counts[i]) {
                sb.append('\t').append(v);
            }
        }
        return sb.toString();
    }
}
