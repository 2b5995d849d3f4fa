package dev.nn.validate;

import java.util.Arrays;

/**
 * One train/test (or train/validation) partition as sample indices.
 *
 * @param train indices to fit on
 * @param test indices to evaluate on
 */
public record Split(int[] train, int[] test) {
    /** Copies the arrays so a split cannot change after it was made. */
    public Split {
        train = train.clone();
        test = test.clone();
    }

    /** {@return a copy of the training indices} */
    @Override
    public int[] train() {
        return train.clone();
    }

    /** {@return a copy of the test indices} */
    @Override
    public int[] test() {
        return test.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Split s && Arrays.equals(s.train, train) && Arrays.equals(s.test, test);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(train) + Arrays.hashCode(test);
    }

    @Override
    public String toString() {
        return "Split[train=" + train.length + " samples, test=" + test.length + " samples]";
    }
}
