package dev.nn.validate;

import dev.nn.core.train.TextTable;
import java.util.List;

/**
 * A learning curve: for every training size, the fits of every fold.
 *
 * @param sizes absolute training sizes, ascending
 * @param fits per size (same order) the fold results
 * @param warnings size de-duplication and split warnings
 */
public record LearningCurveResult(int[] sizes, List<List<FoldResult>> fits, List<String> warnings) {
    /** Copies the inputs. */
    public LearningCurveResult {
        sizes = sizes.clone();
        fits = fits.stream().map(List::copyOf).toList();
        warnings = List.copyOf(warnings);
    }

    /** {@return a copy of the sizes} */
    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    /**
     * {@return per size the estimate over folds of its kept-epoch value}
     *
     * @param key a history key
     */
    public Estimate[] estimates(String key) {
        Estimate[] out = new Estimate[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            out[i] = Estimate.of(fits.get(i).stream().mapToDouble(f -> f.last(key)).toArray());
        }
        return out;
    }

    /**
     * {@return per size the mean over folds}
     *
     * @param key a history key
     */
    public double[] means(String key) {
        Estimate[] e = estimates(key);
        double[] m = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            m[i] = e[i].mean();
        }
        return m;
    }

    /**
     * {@return per size the median over folds (robust to one validation set that happens to hold an outlier)}
     *
     * @param key a history key
     */
    public double[] medians(String key) {
        double[] m = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            double[] v = fits.get(i).stream().mapToDouble(f -> f.last(key)).sorted().toArray();
            m[i] = v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
        }
        return m;
    }

    /**
     * {@return one line per training size: the training and validation loss over folds as mean, standard deviation
     * and median, and the ratio of the medians}
     */
    @Override
    public String toString() {
        TextTable t = new TextTable("train size", "loss mean", "loss std", "loss median", "val_loss mean",
                "val_loss std", "val_loss median", "val/train (medians)");
        Estimate[] train = estimates(FitHistory.LOSS);
        Estimate[] val = estimates(FitHistory.VAL_LOSS);
        double[] trainMedian = medians(FitHistory.LOSS);
        double[] valMedian = medians(FitHistory.VAL_LOSS);
        for (int i = 0; i < sizes.length; i++) {
            t.row(sizes[i], train[i].mean(), train[i].std(), trainMedian[i], val[i].mean(), val[i].std(),
                    valMedian[i], valMedian[i] / trainMedian[i]);
        }
        StringBuilder sb = new StringBuilder(t.toString());
        warnings.forEach(w -> sb.append("warning: ").append(w).append('\n'));
        return sb.toString();
    }
}
