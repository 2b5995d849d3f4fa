package dev.nn.validate;

/**
 * A train/validation/test hold-out split as sample indices.
 *
 * @param train indices to fit on
 * @param validation indices for model selection and early stopping (empty when none was asked for)
 * @param test indices touched once, for the final estimate
 */
public record HoldOutSplit(int[] train, int[] validation, int[] test) {
    /** Copies the arrays. */
    public HoldOutSplit {
        train = train.clone();
        validation = validation.clone();
        test = test.clone();
    }

    /** {@return a copy of the training indices} */
    @Override
    public int[] train() {
        return train.clone();
    }

    /** {@return a copy of the validation indices} */
    @Override
    public int[] validation() {
        return validation.clone();
    }

    /** {@return a copy of the test indices} */
    @Override
    public int[] test() {
        return test.clone();
    }

    /** {@return train versus test as a {@link Split}} */
    public Split trainTest() {
        return new Split(train, test);
    }

    /** {@return train versus validation as a {@link Split}} */
    public Split trainValidation() {
        return new Split(train, validation);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HoldOutSplit s && java.util.Arrays.equals(s.train, train)
                && java.util.Arrays.equals(s.validation, validation) && java.util.Arrays.equals(s.test, test);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(train) * 961 + java.util.Arrays.hashCode(validation) * 31
                + java.util.Arrays.hashCode(test);
    }

    @Override
    public String toString() {
        return "HoldOutSplit[train=" + train.length + ", validation=" + validation.length + ", test="
                + test.length + "]";
    }
}
