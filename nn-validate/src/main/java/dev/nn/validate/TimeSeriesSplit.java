package dev.nn.validate;

import java.util.ArrayList;
import java.util.List;

/**
 * scikit-learn 1.2's {@code TimeSeriesSplit}: expanding (or, with {@code maxTrainSize}, sliding) training windows
 * that always precede the test window, with an optional gap; never shuffled.
 */
public final class TimeSeriesSplit implements Splitter {
    private final int nSplits;
    private final Integer maxTrainSize;
    private final Integer testSize;
    private final int gap;

    /**
     * Forward-chaining splits: each test block follows its training samples.
     *
     * @param nSplits number of splits, at least 2 (scikit-learn's default is 5)
     */
    public TimeSeriesSplit(int nSplits) {
        this(nSplits, null, null, 0);
    }

    /**
     * Forward-chaining splits with every setting given.
     *
     * @param nSplits number of splits, at least 2
     * @param maxTrainSize cap on the training window, or null for expanding windows
     * @param testSize test window length, or null for {@code n / (nSplits + 1)}
     * @param gap samples dropped between the end of training and the test window
     */
    public TimeSeriesSplit(int nSplits, Integer maxTrainSize, Integer testSize, int gap) {
        Folds.checkConfig(nSplits, false, null);
        if (gap < 0 || (testSize != null && testSize <= 0) || (maxTrainSize != null && maxTrainSize <= 0)) {
            throw new SplitException("TimeSeriesSplit needs gap >= 0 and positive test_size/max_train_size, got "
                    + "gap=" + gap + ", test_size=" + testSize + ", max_train_size=" + maxTrainSize);
        }
        this.nSplits = nSplits;
        this.maxTrainSize = maxTrainSize;
        this.testSize = testSize;
        this.gap = gap;
    }

    @Override
    public SplitPlan split(Samples samples) {
        int n = samples.count();
        int nFolds = nSplits + 1;
        int test = testSize != null ? testSize : n / nFolds;
        if (nFolds > n) {
            throw new SplitException("Cannot have number of folds=" + nFolds + " greater than the number of "
                    + "samples=" + n + ". Use n_splits <= " + (n - 1) + ".");
        }
        if ((long) n - gap - (long) test * nSplits <= 0) {
            throw new SplitException("Too many splits=" + nSplits + " for number of samples=" + n
                    + " with test_size=" + test + " and gap=" + gap + ". Reduce n_splits, test_size or gap.");
        }
        List<Split> out = new ArrayList<>();
        for (int testStart = n - nSplits * test; testStart < n; testStart += test) {
            int trainEnd = testStart - gap;
            int trainStart = maxTrainSize != null && maxTrainSize < trainEnd ? trainEnd - maxTrainSize : 0;
            out.add(new Split(Folds.range(trainStart, trainEnd), Folds.range(testStart, testStart + test)));
        }
        return new SplitPlan(out, List.of());
    }

    @Override
    public String describe() {
        return "TimeSeriesSplit(n_splits=" + nSplits + ", max_train_size=" + maxTrainSize + ", test_size="
                + testSize + ", gap=" + gap + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
