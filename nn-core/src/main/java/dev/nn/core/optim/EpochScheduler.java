package dev.nn.core.optim;

import dev.nn.core.state.Stateful;

/**
 * A learning-rate schedule stepped once per epoch, after the optimizer steps of that epoch, as PyTorch's
 * {@code scheduler.step()}. Constructing one counts as epoch 0 and leaves the optimizer's rate unchanged. Its state is
 * the epoch count (the rate itself is the optimizer's state).
 */
public interface EpochScheduler extends Stateful {
    /** Advances one epoch and writes the new rate into the optimizer. */
    void step();

    /** {@return the number of {@link #step()} calls so far (PyTorch's {@code last_epoch})} */
    int lastEpoch();

    /** {@return the optimizer's learning rate after the last step (PyTorch's {@code get_last_lr()})} */
    double lastLr();
}
