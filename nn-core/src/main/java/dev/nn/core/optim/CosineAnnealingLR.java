package dev.nn.core.optim;

import dev.nn.core.state.TrainingState;

/**
 * Cosine annealing from the base rate down to {@code etaMin} over {@code tMax} epochs, then back up (SGDR without
 * restarts), like PyTorch's {@code torch.optim.lr_scheduler.CosineAnnealingLR}. It uses PyTorch's recursive form,
 * {@code lr_t = eta_min + (lr_{t-1} - eta_min) (1 + cos(pi t / T)) / (1 + cos(pi (t - 1) / T))}, with its special
 * step at the bottom of each cycle, so rates match PyTorch's epoch by epoch.
 */
public final class CosineAnnealingLR implements EpochScheduler {
    private final Optimizer optimizer;
    private final int tMax;
    private final double etaMin;
    private final double baseLr;
    private int lastEpoch;

    /**
     * Cosine annealing from the optimizer's learning rate down to {@code etaMin} over {@code tMax} epochs.
     *
     * @param optimizer whose rate to anneal; its current rate is the base rate
     * @param tMax epochs from the base rate to the minimum, >= 1
     * @param etaMin the minimum rate (PyTorch default 0)
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        if (tMax < 1) {
            throw new IllegalArgumentException("CosineAnnealingLR T_max must be >= 1 epoch, got " + tMax);
        }
        if (!(etaMin >= 0)) {
            throw new IllegalArgumentException("CosineAnnealingLR eta_min must be >= 0, got " + etaMin);
        }
        this.optimizer = optimizer;
        this.tMax = tMax;
        this.etaMin = etaMin;
        this.baseLr = optimizer.learningRate();
    }

    /**
     * Annealing to zero.
     *
     * @param optimizer whose rate to anneal
     * @param tMax epochs from the base rate to zero
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    @Override
    public void step() {
        lastEpoch++;
        double lr = optimizer.learningRate();
        double next;
        if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
            // Leaving the bottom of a cycle: the ratio form would divide by 1 + cos(pi) = 0.
            next = lr + (baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
        } else {
            next = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                    * (lr - etaMin) + etaMin;
        }
        optimizer.setLearningRate(next);
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
