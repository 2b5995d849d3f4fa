package dev.nn.validate;

import java.util.List;
import java.util.Locale;

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

    /** @return a copy of the sizes */
    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    /** @param key a history key @return per size the estimate over folds of its kept-epoch value */
    public Estimate[] estimates(String key) {
        Estimate[] out = new Estimate[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            out[i] = Estimate.of(fits.get(i).stream().mapToDouble(f -> f.last(key)).toArray());
        }
        return out;
    }

    /** @param key a history key @return per size the mean over folds */
    public double[] means(String key) {
        Estimate[] e = estimates(key);
        double[] m = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            m[i] = e[i].mean();
        }
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("size\ttrain loss\tvalidation loss");
        double[] t = means(FitHistory.LOSS);
        double[] v = means(FitHistory.VAL_LOSS);
        for (int i = 0; i < sizes.length; i++) {
            sb.append(String.format(Locale.ROOT, "%n%d\t%.4g\t%.4g", sizes[i], t[i], v[i]));
        }
        return sb.toString();
    }
}
