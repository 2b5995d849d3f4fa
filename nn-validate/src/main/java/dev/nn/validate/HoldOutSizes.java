package dev.nn.validate;

import dev.nn.api.PythonFloats;

/**
 * The sample counts of a hold-out split.
 *
 * @param train training samples
 * @param validation validation samples (0 without a validation set)
 * @param test test samples
 */
public record HoldOutSizes(int train, int validation, int test) {
    /**
     * scikit-learn's {@code _validate_shuffle_split}: a float test size gives {@code ceil(test_size * n)} computed
     * in float64 (so {@code 0.07 * 100 = 7.000000000000001} gives 8), a float train size {@code floor}; counts are
     * taken as they are; an absent size is the complement; both absent means a test size of 0.25.
     *
     * @param n number of samples
     * @param testSize test size or null
     * @param trainSize train size or null
     * @return the sizes (validation 0)
     * @throws SplitException with scikit-learn's message for invalid sizes
     */
    public static HoldOutSizes of(int n, SizeSpec testSize, SizeSpec trainSize) {
        if (testSize == null && trainSize == null) {
            testSize = SizeSpec.fraction(0.25);
        }
        checkRange("test_size", testSize, n);
        checkRange("train_size", trainSize, n);
        if (testSize instanceof SizeSpec.Fraction(double te) && trainSize instanceof SizeSpec.Fraction(double tr)
                && tr + te > 1) {
            throw new SplitException("The sum of test_size and train_size = " + PythonFloats.repr(tr + te)
                    + ", should be in the (0, 1) range. Reduce test_size and/or train_size.");
        }
        double nTest = 0;
        double nTrain = 0;
        if (testSize instanceof SizeSpec.Fraction(double te)) {
            nTest = Math.ceil(te * n);
        } else if (testSize instanceof SizeSpec.Count(int te)) {
            nTest = te;
        }
        if (trainSize instanceof SizeSpec.Fraction(double tr)) {
            nTrain = Math.floor(tr * n);
        } else if (trainSize instanceof SizeSpec.Count(int tr)) {
            nTrain = tr;
        }
        if (trainSize == null) {
            nTrain = n - nTest;
        } else if (testSize == null) {
            nTest = n - nTrain;
        }
        if (nTrain + nTest > n) {
            throw new SplitException("The sum of train_size and test_size = " + (long) (nTrain + nTest)
                    + ", should be smaller than the number of samples " + n
                    + ". Reduce test_size and/or train_size.");
        }
        if ((int) nTrain == 0) {
            throw new SplitException("With n_samples=" + n + ", test_size=" + text(testSize) + " and train_size="
                    + text(trainSize) + ", the resulting train set will be empty. Adjust any of the "
                    + "aforementioned parameters.");
        }
        return new HoldOutSizes((int) nTrain, 0, (int) nTest);
    }

    private static void checkRange(String name, SizeSpec size, int n) {
        boolean bad = switch (size) {
            case null -> false;
            case SizeSpec.Count(int v) -> v >= n || v <= 0;
            case SizeSpec.Fraction(double v) -> !(v > 0 && v < 1);
        };
        if (bad) {
            throw new SplitException(name + "=" + size.text() + " should be either positive and smaller than the "
                    + "number of samples " + n + " or a float in the (0, 1) range");
        }
    }

    private static String text(SizeSpec s) {
        return s == null ? "None" : s.text();
    }
}
