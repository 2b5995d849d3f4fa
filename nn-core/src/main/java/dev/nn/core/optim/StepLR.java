package dev.nn.core.optim;

import dev.nn.core.state.TrainingState;

/**
 * Multiplies the learning rate by {@code gamma} every {@code stepSize} epochs, like PyTorch's
 * {@code torch.optim.lr_scheduler.StepLR}. It uses PyTorch's chainable form (each decay multiplies the optimizer's
 * current rate), so it composes with other changes to the rate the same way PyTorch does.
 */
public final class StepLR implements EpochScheduler {
    private final Optimizer optimizer;
    private final int stepSize;
    private final double gamma;
    private int lastEpoch;

    /**
     * Multiplies the learning rate by {@code gamma} every {@code stepSize} epochs.
     *
     * @param optimizer whose rate to decay; its current rate is the base rate
     * @param stepSize epochs between decays, >= 1
     * @param gamma the factor (PyTorch default 0.1)
     */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        if (stepSize < 1) {
            throw new IllegalArgumentException("StepLR step_size must be >= 1 epoch, got " + stepSize);
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("StepLR gamma must be a positive finite factor, got " + gamma);
        }
        this.optimizer = optimizer;
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    /**
     * With PyTorch's default {@code gamma = 0.1}.
     *
     * @param optimizer whose rate to decay
     * @param stepSize epochs between decays
     */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    @Override
    public void step() {
        lastEpoch++;
        if (lastEpoch % stepSize == 0) {
            optimizer.setLearningRate(optimizer.learningRate() * gamma);
        }
    }

    @Override
    public void saveState(TrainingState state) {
        state.putLong("last_epoch", lastEpoch);
    }

    @Override
    public void loadState(TrainingState state) {
        lastEpoch = state.getInt("last_epoch");
    }

    @Override
    public int lastEpoch() {
        return lastEpoch;
    }

    @Override
    public double lastLr() {
        return optimizer.learningRate();
    }
}
