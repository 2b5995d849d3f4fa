package dev.nn.validate;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * What a {@link FoldFitter} gets for one fold: which samples to train and validate on and the fold's own seed.
 * The seed is drawn before any fold runs, so a fold's result does not depend on which thread runs it or when.
 *
 * @param fold the fold's position
 * @param train indices to fit on
 * @param validation indices to evaluate on
 * @param seed the fold's seed (model initialization, batch order, dropout)
 */
public record FoldContext(int fold, int[] train, int[] validation, long seed) {
    /** Copies the arrays. */
    public FoldContext {
        train = train.clone();
        validation = validation.clone();
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

    /** {@return a fresh generator for this fold, made from its seed} */
    public RandomGenerator random() {
        return new SplittableRandom(seed);
    }
}
