package dev.nn.validate;

/**
 * Trains one fresh model on one fold's training part and records per-epoch training and validation loss and
 * metrics. This is the seam to any training loop: nn's {@link NetworkFitter}, a Trainer, or a closed-form fit.
 * Implementations must build a new model per call and draw all randomness from {@link FoldContext#random()} so
 * folds can run in parallel with the same results as sequentially.
 */
@FunctionalInterface
public interface FoldFitter {
    /**
     * {@return the fold's per-epoch history (at least {@code loss} and {@code val_loss})}
     *
     * @param fold the fold's indices and seed
     */
    FitHistory fit(FoldContext fold);
}
