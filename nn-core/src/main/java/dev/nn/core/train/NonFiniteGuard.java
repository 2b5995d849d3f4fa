package dev.nn.core.train;

import java.util.Locale;

/**
 * Stops training as soon as a batch's training loss, or an epoch's validation loss, is NaN or infinite, with a
 * message naming the epoch and batch, so a diverged run neither burns more time nor records garbage. The epoch in
 * which it happens is not recorded; checkpoints written before stay as they were.
 */
public final class NonFiniteGuard implements Callback {
    /** A guard; it has no settings. */
    public NonFiniteGuard() {
    }

    @Override
    public void onBatchEnd(TrainingContext ctx, BatchRecord b) {
        if (!Double.isFinite(b.loss())) {
            String where = b.firstBatch() == b.batch() ? "batch " + b.batch()
                    : "batches " + b.firstBatch() + "-" + b.batch();
            ctx.requestStop(String.format(Locale.ROOT, "non-finite training loss %s at epoch %d, %s of %d: "
                    + "the model diverged. Lower the learning rate, clip gradients (optClipGradNorm), or check the "
                    + "inputs for NaN/Inf", b.loss(), b.epoch(), where, b.batches()));
        }
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord e) {
        boolean validated = !Double.isNaN(e.valLoss()) || !Double.isNaN(e.valAccuracy());
        if (validated && !Double.isFinite(e.valLoss())) {
            ctx.requestStop(String.format(Locale.ROOT, "non-finite validation loss %s after epoch %d: the model "
                    + "outputs NaN/Inf on validation data. Lower the learning rate or check the validation inputs",
                    e.valLoss(), e.epoch()));
        }
    }
}
