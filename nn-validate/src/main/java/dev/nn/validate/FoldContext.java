package dev.nn.validate;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * What a {@link FoldFitter} gets for one fold: which samples to train and validate on and the fold's own seed.
 * The seed is drawn before any fold runs, so a fold's result does not depend on which thread runs it or when.
 * Plain data, so it travels to wherever a trial runs.
 *
 * @param fold the fold's position
 * @param train indices to fit on
 * @param validation indices to evaluate on
 * @param seed the fold's seed (model initialization, batch order, dropout)
 */
public record FoldContext(int fold, int[] train, int[] validation, long seed) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the arrays and checks that the indices are not negative. */
    public FoldContext {
        train = train.clone();
        validation = validation.clone();
        for (int[] rows : new int[][] {train, validation}) {
            for (int r : rows) {
                if (r < 0) {
                    throw new IllegalArgumentException("Fold " + fold + " has row index " + r
                            + "; row indices must be >= 0");
                }
            }
        }
    }

    /** {@return the number of training rows} */
    public int trainSize() {
        return train.length;
    }

    /** {@return the number of validation rows} */
    public int validationSize() {
        return validation.length;
    }

    /** {@return the largest row index of either part, or -1 when both are empty} */
    public int maxRow() {
        int max = -1;
        for (int r : train) {
            max = Math.max(max, r);
        }
        for (int r : validation) {
            max = Math.max(max, r);
        }
        return max;
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

    /** Equal when the fold, its rows in order and its seed are: a value, wherever it was made or sent. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FoldContext f && f.fold == fold && f.seed == seed && Arrays.equals(f.train, train)
                && Arrays.equals(f.validation, validation);
    }

    @Override
    public int hashCode() {
        return ((fold * 31 + Arrays.hashCode(train)) * 31 + Arrays.hashCode(validation)) * 31 + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "FoldContext[fold=" + fold + ", " + train.length + " training rows, " + validation.length
                + " validation rows, seed=" + seed + "]";
    }

    /** {@return a fresh generator for this fold, made from its seed} */
    public RandomGenerator random() {
        return new SplittableRandom(seed);
    }
}
