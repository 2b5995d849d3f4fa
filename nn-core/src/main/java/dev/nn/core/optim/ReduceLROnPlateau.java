package dev.nn.core.optim;

import dev.nn.core.state.Stateful;
import dev.nn.core.state.TrainingState;
import java.util.Locale;

/**
 * Lowers the learning rate when a monitored metric stops improving, exactly as PyTorch's
 * {@code torch.optim.lr_scheduler.ReduceLROnPlateau}: after more than {@code patience} epochs without an improvement
 * (judged with {@code threshold} in {@code rel} or {@code abs} mode) the rate becomes
 * {@code max(lr * factor, minLr)}, then {@code cooldown} epochs pass in which bad epochs are not counted. A change
 * smaller than {@code eps} is skipped. Build one with {@link #builder(Optimizer)}.
 */
public final class ReduceLROnPlateau implements Stateful {
    /** Whether lower or higher metric values are better. */
    public enum Mode {
        /** Lower is better (a loss). */
        MIN,
        /** Higher is better (an accuracy). */
        MAX
    }

    /** How the improvement threshold is applied. */
    public enum ThresholdMode {
        /** Better means beyond {@code best * (1 -/+ threshold)}. */
        REL,
        /** Better means beyond {@code best -/+ threshold}. */
        ABS
    }

    private final Optimizer optimizer;
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final ThresholdMode thresholdMode;
    private final int cooldown;
    private final double minLr;
    private final double eps;
    private double best;
    private int badEpochs;
    private int cooldownCounter;
    private int lastEpoch;

    private ReduceLROnPlateau(Builder b) {
        this.optimizer = b.optimizer;
        this.mode = b.mode;
        this.factor = b.factor;
        this.patience = b.patience;
        this.threshold = b.threshold;
        this.thresholdMode = b.thresholdMode;
        this.cooldown = b.cooldown;
        this.minLr = b.minLr;
        this.eps = b.eps;
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /**
     * {@return a builder with PyTorch's defaults}
     *
     * @param optimizer whose rate to lower
     */
    public static Builder builder(Optimizer optimizer) {
        return new Builder(optimizer);
    }

    /**
     * Records one epoch's metric and lowers the rate when the plateau has lasted long enough.
     *
     * @param metric the monitored value (e.g. validation loss); NaN counts as no improvement
     */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric, best)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            badEpochs = 0; // bad epochs in cooldown are ignored
        }
        if (badEpochs > patience) {
            reduce();
            cooldownCounter = cooldown;
            badEpochs = 0;
        }
    }

    private void reduce() {
        double old = optimizer.learningRate();
        double lowered = Math.max(old * factor, minLr);
        if (old - lowered > eps) {
            optimizer.setLearningRate(lowered);
        }
    }

    private boolean isBetter(double a, double best) {
        return switch (mode) {
            case MIN -> thresholdMode == ThresholdMode.REL ? a < best * (1 - threshold) : a < best - threshold;
            case MAX -> thresholdMode == ThresholdMode.REL ? a > best * (threshold + 1) : a > best + threshold;
        };
    }

    @Override
    public void saveState(TrainingState state) {
        state.putDouble("best", best);
        state.putLong("num_bad_epochs", badEpochs);
        state.putLong("cooldown_counter", cooldownCounter);
        state.putLong("last_epoch", lastEpoch);
    }

    @Override
    public void loadState(TrainingState state) {
        double savedBest = state.getDouble("best");
        int savedBad = state.getInt("num_bad_epochs");
        int savedCooldown = state.getInt("cooldown_counter");
        lastEpoch = state.getInt("last_epoch");
        best = savedBest;
        badEpochs = savedBad;
        cooldownCounter = savedCooldown;
    }

    /** {@return the best metric seen so far (infinite before the first step)} */
    public double best() {
        return best;
    }

    /** {@return epochs since the last improvement, as counted toward {@code patience}} */
    public int badEpochs() {
        return badEpochs;
    }

    /** {@return the number of {@link #step(double)} calls} */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** {@return the optimizer's current learning rate} */
    public double lastLr() {
        return optimizer.learningRate();
    }

    /** {@return whether the scheduler is in its cooldown period} */
    public boolean inCooldown() {
        return cooldownCounter > 0;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ReduceLROnPlateau(mode=%s, factor=%s, patience=%d, threshold=%s %s, "
                        + "cooldown=%d, min_lr=%s)", mode.name().toLowerCase(Locale.ROOT), factor, patience,
                threshold, thresholdMode.name().toLowerCase(Locale.ROOT), cooldown, minLr);
    }

    /** Settings of a {@link ReduceLROnPlateau}; every one defaults to PyTorch's value. */
    public static final class Builder {
        private final Optimizer optimizer;
        private Mode mode = Mode.MIN;
        private double factor = 0.1;
        private int patience = 10;
        private double threshold = 1e-4;
        private ThresholdMode thresholdMode = ThresholdMode.REL;
        private int cooldown;
        private double minLr;
        private double eps = 1e-8;

        private Builder(Optimizer optimizer) {
            this.optimizer = optimizer;
        }

        /**
         * {@return this}
         *
         * @param mode MIN (default) or MAX
         */
        public Builder optMode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * {@return this}
         *
         * @param factor new rate = rate * factor; in (0, 1), default 0.1
         */
        public Builder optFactor(double factor) {
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException("ReduceLROnPlateau factor must be in (0, 1) so the rate goes "
                        + "down, got " + factor);
            }
            this.factor = factor;
            return this;
        }

        /**
         * {@return this}
         *
         * @param patience bad epochs tolerated before lowering, >= 0, default 10
         */
        public Builder optPatience(int patience) {
            if (patience < 0) {
                throw new IllegalArgumentException("ReduceLROnPlateau patience must be >= 0, got " + patience);
            }
            this.patience = patience;
            return this;
        }

        /**
         * {@return this}
         *
         * @param threshold smallest improvement that counts, >= 0, default 1e-4
         * @param thresholdMode REL (default: relative to the best) or ABS
         */
        public Builder optThreshold(double threshold, ThresholdMode thresholdMode) {
            if (!(threshold >= 0)) {
                throw new IllegalArgumentException("ReduceLROnPlateau threshold must be >= 0, got " + threshold);
            }
            this.threshold = threshold;
            this.thresholdMode = thresholdMode;
            return this;
        }

        /**
         * {@return this}
         *
         * @param cooldown epochs after a reduction in which bad epochs are not counted, default 0
         */
        public Builder optCooldown(int cooldown) {
            if (cooldown < 0) {
                throw new IllegalArgumentException("ReduceLROnPlateau cooldown must be >= 0, got " + cooldown);
            }
            this.cooldown = cooldown;
            return this;
        }

        /**
         * {@return this}
         *
         * @param minLr lower bound of the rate, default 0
         */
        public Builder optMinLr(double minLr) {
            if (!(minLr >= 0)) {
                throw new IllegalArgumentException("ReduceLROnPlateau min_lr must be >= 0, got " + minLr);
            }
            this.minLr = minLr;
            return this;
        }

        /**
         * {@return this}
         *
         * @param eps reductions smaller than this are skipped, default 1e-8
         */
        public Builder optEps(double eps) {
            if (!(eps >= 0)) {
                throw new IllegalArgumentException("ReduceLROnPlateau eps must be >= 0, got " + eps);
            }
            this.eps = eps;
            return this;
        }

        /** {@return the scheduler} */
        public ReduceLROnPlateau build() {
            return new ReduceLROnPlateau(this);
        }
    }
}
