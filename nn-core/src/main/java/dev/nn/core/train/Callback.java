package dev.nn.core.train;

/**
 * Hooks into {@link Trainer#fit}. Every method does nothing by default. A callback can stop training through
 * {@link TrainingContext#requestStop} and can read or replace the model's state through the context (early
 * stopping with best-weights restore is a snapshot on improvement and a restore at the end).
 */
public interface Callback {
    /**
     * Called once before the first epoch.
     *
     * @param ctx the run
     */
    default void onTrainBegin(TrainingContext ctx) {
    }

    /**
     * Called before every epoch.
     *
     * @param ctx the run
     * @param epoch the 1-based epoch about to start
     */
    default void onEpochBegin(TrainingContext ctx, int epoch) {
    }

    /**
     * After every step, with nothing measured (a step reads nothing from the backend): the place to stop a run
     * promptly, e.g. on Ctrl-C.
     *
     * @param ctx the run
     * @param epoch the 1-based epoch
     * @param batch the 1-based batch just trained
     */
    default void onStepEnd(TrainingContext ctx, int epoch, int batch) {
    }

    /**
     * Called at each progress update with the figures read from the backend.
     *
     * @param ctx the run
     * @param batch what the batches since the last record measured (after their optimizer steps); called every
     *              few steps and at the end of each epoch
     */
    default void onBatchEnd(TrainingContext ctx, BatchRecord batch) {
    }

    /**
     * Called after every epoch with its training and validation figures.
     *
     * @param ctx the run
     * @param record the completed epoch, already in the history
     */
    default void onEpochEnd(TrainingContext ctx, EpochRecord record) {
    }

    /**
     * Called once when training ends, normally or early.
     *
     * @param ctx the run (its history is final)
     */
    default void onTrainEnd(TrainingContext ctx) {
    }

    /**
     * {@return a callback that ends the training after the current step once {@code condition} is true} (Ctrl-C, a
     * cancelled trial)
     *
     * @param condition polled after every step
     */
    static Callback stopWhen(java.util.function.BooleanSupplier condition) {
        java.util.Objects.requireNonNull(condition, "condition");
        return new Callback() {
            @Override
            public void onStepEnd(TrainingContext ctx, int epoch, int batch) {
                if (condition.getAsBoolean()) {
                    ctx.requestStop("stop requested");
                }
            }
        };
    }
}
