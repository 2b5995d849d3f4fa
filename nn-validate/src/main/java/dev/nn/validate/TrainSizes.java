package dev.nn.validate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Learning-curve training sizes as scikit-learn's {@code learning_curve} takes them: fractions of the largest
 * training set (the first CV training fold, not the whole data set) or absolute counts.
 */
public final class TrainSizes {
    private final double[] fractions;
    private final int[] counts;

    private TrainSizes(double[] fractions, int[] counts) {
        if ((fractions == null ? counts.length : fractions.length) == 0) {
            throw new SplitException("train_sizes is empty; give at least one size, e.g. "
                    + "TrainSizes.linspace(0.1, 1.0, 5)");
        }
        this.fractions = fractions;
        this.counts = counts;
    }

    /**
     * {@return the sizes}
     *
     * @param fractions fractions in (0, 1] of the largest training set
     */
    public static TrainSizes fractions(double... fractions) {
        return new TrainSizes(fractions.clone(), null);
    }

    /**
     * {@return the sizes}
     *
     * @param counts absolute training-set sizes
     */
    public static TrainSizes counts(int... counts) {
        return new TrainSizes(null, counts.clone());
    }

    /**
     * numpy's {@code np.linspace(start, stop, num)} as fractions (scikit-learn's default is
     * {@code linspace(0.1, 1.0, 5)}).
     *
     * @param start first fraction
     * @param stop last fraction
     * @param num how many
     * @return the sizes
     */
    public static TrainSizes linspace(double start, double stop, int num) {
        double[] f = new double[num];
        double step = num > 1 ? (stop - start) / (num - 1) : 0;
        for (int i = 0; i < num; i++) {
            f[i] = start + i * step;
        }
        if (num > 1) {
            f[num - 1] = stop;
        }
        return fractions(f);
    }

    /**
     * scikit-learn's {@code _translate_train_sizes}: fractions become {@code int(fraction * nMax)} (truncated),
     * clipped to {@code [1, nMax]}; then sorted and de-duplicated, with a warning when that drops ticks.
     *
     * @param nMax the size of the largest training set
     * @param warnings receives the de-duplication warning, if any
     * @return the absolute sizes, ascending and distinct
     * @throws SplitException with scikit-learn's message for sizes out of range
     */
    public int[] resolve(int nMax, List<String> warnings) {
        int nTicks;
        int[] abs;
        if (fractions != null) {
            nTicks = fractions.length;
            double min = Arrays.stream(fractions).min().orElseThrow();
            double max = Arrays.stream(fractions).max().orElseThrow();
            if (min <= 0.0 || max > 1.0) {
                throw new SplitException(String.format(Locale.ROOT, "train_sizes has been interpreted as fractions "
                        + "of the maximum number of training samples and must be within (0, 1], but is within "
                        + "[%f, %f].", min, max) + " Use fractions in (0, 1] or TrainSizes.counts(...).");
            }
            abs = new int[nTicks];
            for (int i = 0; i < nTicks; i++) {
                abs[i] = Math.clamp((long) (fractions[i] * nMax), 1, nMax);
            }
        } else {
            nTicks = counts.length;
            int min = Arrays.stream(counts).min().orElseThrow();
            int max = Arrays.stream(counts).max().orElseThrow();
            if (min <= 0 || max > nMax) {
                throw new SplitException("train_sizes has been interpreted as absolute numbers of training samples "
                        + "and must be within (0, " + nMax + "], but is within [" + min + ", " + max + "]. The "
                        + "largest training fold has " + nMax + " samples.");
            }
            abs = counts.clone();
        }
        int[] unique = Arrays.stream(abs).distinct().sorted().toArray();
        if (nTicks > unique.length) {
            Folds.warn(warnings, "Removed duplicate entries from 'train_sizes'. Number of ticks will be less than "
                    + "the size of 'train_sizes': " + unique.length + " instead of " + nTicks + ".");
        }
        return unique;
    }

    /**
     * {@return the absolute sizes (warnings are logged)}
     *
     * @param nMax the size of the largest training set
     */
    public int[] resolve(int nMax) {
        return resolve(nMax, new ArrayList<>());
    }

    @Override
    public String toString() {
        return fractions != null ? "fractions" + Arrays.toString(fractions) : "counts" + Arrays.toString(counts);
    }
}
