package dev.nn.core.optim;

/**
 * A learning-rate schedule stepped once per epoch, after the optimizer steps of that epoch, as PyTorch's
 * {@code scheduler.step()}. Constructing one counts as epoch 0 and leaves the optimizer's rate unchanged.
 */
public interface EpochScheduler {
    /** Advances one epoch and writes the new rate into the optimizer. */
    void step();

    /** {@return the number of {@link #step()} calls so far (PyTorch's {@code last_epoch})} */
    int lastEpoch();

    /** {@return the optimizer's learning rate after the last step (PyTorch's {@code get_last_lr()})} */
    double lastLr();
}
