package dev.nn.validate;

import dev.nn.api.layer.Layer;
import dev.nn.api.tensor.Shape;
import dev.nn.core.state.CheckpointException;
import dev.nn.core.state.ModelState;
import dev.nn.core.state.Stateful;
import dev.nn.core.state.TrainingState;
import java.util.LinkedHashMap;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * Keras' {@code EarlyStopping}, with its two well-known traps closed: every epoch is compared with the BEST value
 * seen so far (not the previous epoch), and the best weights are restored whenever training ends, also when it
 * ran to the last epoch without stopping early (Keras restores only on an early stop).
 *
 * <p>Protocol, one instance per training run: {@link #onTrainBegin(Layer)}, then {@link #onEpochEnd} after every
 * epoch (it returns true when training should stop), then {@link #onTrainEnd()}. Weights are snapshotted from the
 * model's named parameters, buffers and counters ({@code ModelState.snapshot}) and written back with
 * {@code ModelState.restore}, so any backend works. Rules (Keras 2.13): an epoch improves when
 * {@code current - minDelta < best} (mode min) or {@code current + minDelta > best} (mode max); the patience
 * counter restarts only if the epoch also beats the baseline (when one is set); epochs before
 * {@code startFromEpoch} are ignored; training stops when the counter reaches {@code patience} (never at epoch 0).
 */
public final class EarlyStopping implements Stateful {
    private static final System.Logger LOG = System.getLogger("dev.nn.validate");

    /** Which direction is better. */
    public enum Mode {
        /** Lower is better (losses, errors). */
        MIN,
        /** Higher is better (accuracy, AUC). */
        MAX,
        /** MAX for names ending in acc, accuracy or auc; MIN otherwise (Keras' rule). */
        AUTO
    }

    private final String monitor;
    private final double minDelta;
    private final int patience;
    private final boolean maximize;
    private final Double baseline;
    private final int startFromEpoch;
    private final boolean restoreBestWeights;

    private Layer model;
    private Map<String, float[]> bestWeights;
    private double best;
    private int bestEpoch;
    private int wait;
    private int stoppedEpoch;

    private EarlyStopping(Builder b) {
        if (b.patience < 0 || b.minDelta < 0 || b.startFromEpoch < 0 || Double.isNaN(b.minDelta)) {
            throw new IllegalArgumentException("EarlyStopping needs patience >= 0, min_delta >= 0 and "
                    + "start_from_epoch >= 0, got patience=" + b.patience + ", min_delta=" + b.minDelta
                    + ", start_from_epoch=" + b.startFromEpoch);
        }
        this.monitor = b.monitor;
        this.minDelta = b.minDelta;
        this.patience = b.patience;
        this.maximize = switch (b.mode) {
            case MIN -> false;
            case MAX -> true;
            case AUTO -> b.monitor.endsWith("acc") || b.monitor.endsWith("accuracy") || b.monitor.endsWith("auc");
        };
        this.baseline = b.baseline;
        this.startFromEpoch = b.startFromEpoch;
        this.restoreBestWeights = b.restoreBestWeights;
    }

    /** {@return a builder: monitor val_loss, min_delta 0, patience 0, mode AUTO, no baseline, restore on} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a run: forgets the previous run's best and counts.
     *
     * @param layer the model whose weights are snapshotted and restored; resets the state
     */
    public void onTrainBegin(Layer layer) {
        this.model = layer;
        this.bestWeights = null;
        this.best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        this.bestEpoch = -1;
        this.wait = 0;
        this.stoppedEpoch = -1;
    }

    /**
     * {@return whether training should stop now}
     *
     * @param epoch the epoch just finished, from 0
     * @param logs this epoch's values; must contain the monitored key
     */
    public boolean onEpochEnd(int epoch, Map<String, Double> logs) {
        if (model == null) {
            throw new IllegalStateException("EarlyStopping.onEpochEnd before onTrainBegin(model)");
        }
        Double current = logs.get(monitor);
        if (current == null) {
            throw new IllegalArgumentException("Early stopping conditioned on metric `" + monitor + "` which is not "
                    + "available. Available metrics are: " + String.join(",", logs.keySet())
                    + ". Monitor one of those (val_* needs a validation set)");
        }
        if (epoch < startFromEpoch) {
            return false;
        }
        if (restoreBestWeights && bestWeights == null) {
            bestWeights = snapshot();   // something to restore even if no epoch ever improves
        }
        wait++;
        if (improves(current, best)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                bestWeights = snapshot();
            }
            if (baseline == null || improves(current, baseline)) {
                wait = 0;
            }
            return false;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            // epochs are 0-based here (Keras' callback convention) but people count from 1, as the Trainer prints
            LOG.log(Level.INFO, () -> "Early stopping at epoch " + (epoch + 1) + ": " + monitor
                    + " has not improved on " + best + " (epoch " + (bestEpoch + 1) + ") for " + wait + " epochs");
            return true;
        }
        return false;
    }

    /**
     * Restores the best weights (when enabled and an epoch was recorded), whether or not training stopped early.
     *
     * @return the epoch whose weights the model now holds: the best epoch, or -1 if none was monitored
     */
    public int onTrainEnd() {
        if (restoreBestWeights && bestWeights != null) {
            restore(bestWeights);
            LOG.log(Level.DEBUG, () -> "Restored the weights of epoch " + bestEpoch + " (" + monitor + "=" + best
                    + ")");
            return bestEpoch;
        }
        return -1;
    }

    /**
     * Saves the best value, its epoch, the epochs without improvement and the best weights, so that a resumed run
     * stops and restores as the uninterrupted one would.
     *
     * @param state where to write
     */
    @Override
    public void saveState(TrainingState state) {
        state.putDouble("best", best);
        state.putLong("best_epoch", bestEpoch);
        state.putLong("wait", wait);
        state.putLong("stopped_epoch", stoppedEpoch);
        state.putBoolean("has_best_weights", bestWeights != null);
        if (bestWeights != null) {
            bestWeights.forEach((name, v) -> state.putArray("best_weights." + name, v, Shape.of(v.length)));
        }
    }

    /**
     * Takes back what {@link #saveState} wrote; call after {@link #onTrainBegin(Layer)}.
     *
     * @param state where it was written
     */
    @Override
    public void loadState(TrainingState state) {
        if (model == null) {
            throw new IllegalStateException("EarlyStopping.loadState before onTrainBegin(model)");
        }
        Map<String, float[]> weights = null;
        if (state.getBoolean("has_best_weights")) {
            weights = new LinkedHashMap<>();
            for (var e : snapshot().entrySet()) {
                weights.put(e.getKey(), state.array("best_weights." + e.getKey(), Shape.of(e.getValue().length)));
            }
            if (state.arrayNames().size() != weights.size()) {
                throw new CheckpointException("The saved best weights hold " + state.arrayNames().size()
                        + " tensors, this model " + weights.size() + "; resume with the model the run was started "
                        + "with");
            }
        }
        double savedBest = state.getDouble("best");
        int savedBestEpoch = state.getInt("best_epoch");
        int savedWait = state.getInt("wait");
        stoppedEpoch = state.getInt("stopped_epoch");
        best = savedBest;
        bestEpoch = savedBestEpoch;
        wait = savedWait;
        bestWeights = weights;
    }

    /** {@return the best monitored value so far} */
    public double best() {
        return best;
    }

    /** {@return the epoch of the best value, -1 before any} */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** {@return the epoch training stopped at, -1 if it did not stop early} */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** {@return the monitored key} */
    public String monitor() {
        return monitor;
    }

    private boolean improves(double current, double reference) {
        return maximize ? current - minDelta > reference : current + minDelta < reference;
    }

    /** Parameters, buffers and counters (BatchNorm's num_batches_tracked), as a checkpoint holds them. */
    private Map<String, float[]> snapshot() {
        return ModelState.snapshot(model);
    }

    private void restore(Map<String, float[]> weights) {
        ModelState.restore(model, weights);
    }

    @Override
    public String toString() {
        return "EarlyStopping(monitor=" + monitor + ", min_delta=" + minDelta + ", patience=" + patience + ", mode="
                + (maximize ? "max" : "min") + ", baseline=" + baseline + ", start_from_epoch=" + startFromEpoch
                + ", restore_best_weights=" + restoreBestWeights + ")";
    }

    /** Settings of an {@link EarlyStopping}. */
    public static final class Builder {
        private String monitor = FitHistory.VAL_LOSS;
        private double minDelta;
        private int patience;
        private Mode mode = Mode.AUTO;
        private Double baseline;
        private int startFromEpoch;
        private boolean restoreBestWeights = true;

        private Builder() {
        }

        /**
         * {@return this}
         *
         * @param key the history key to watch; default {@code val_loss}
         */
        public Builder optMonitor(String key) {
            this.monitor = key;
            return this;
        }

        /**
         * {@return this}
         *
         * @param delta smallest change that counts as an improvement; default 0
         */
        public Builder optMinDelta(double delta) {
            this.minDelta = delta;
            return this;
        }

        /**
         * {@return this}
         *
         * @param epochs epochs without improvement before stopping; default 0
         */
        public Builder optPatience(int epochs) {
            this.patience = epochs;
            return this;
        }

        /**
         * {@return this}
         *
         * @param m which direction is better; default AUTO
         */
        public Builder optMode(Mode m) {
            this.mode = m;
            return this;
        }

        /**
         * {@return this}
         *
         * @param value the patience counter restarts only for epochs that also beat it; default none
         */
        public Builder optBaseline(double value) {
            this.baseline = value;
            return this;
        }

        /**
         * {@return this}
         *
         * @param epoch epochs before it are not monitored (warm-up); default 0
         */
        public Builder optStartFromEpoch(int epoch) {
            this.startFromEpoch = epoch;
            return this;
        }

        /**
         * {@return this}
         *
         * @param restore restore the best weights at the end of training; default true
         */
        public Builder optRestoreBestWeights(boolean restore) {
            this.restoreBestWeights = restore;
            return this;
        }

        /** {@return the callback} */
        public EarlyStopping build() {
            return new EarlyStopping(this);
        }
    }
}
