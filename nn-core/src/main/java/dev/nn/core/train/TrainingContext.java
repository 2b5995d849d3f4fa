package dev.nn.core.train;

import dev.nn.api.layer.Layer;
import dev.nn.core.optim.Optimizer;
import dev.nn.core.state.ModelState;
import java.util.Map;
import java.util.Optional;

/** What callbacks see of a running {@link Trainer#fit}: the model, the optimizer, the history, a stop switch. */
public final class TrainingContext {
    private final Layer model;
    private final Optimizer optimizer;
    private final History history;
    private final int epochs;
    private String stopReason;

    TrainingContext(Layer model, Optimizer optimizer, History history, int epochs) {
        this.model = model;
        this.optimizer = optimizer;
        this.history = history;
        this.epochs = epochs;
    }

    /** {@return the model being trained} */
    public Layer model() {
        return model;
    }

    /** {@return its optimizer (for schedules)} */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** {@return the epochs completed so far} */
    public History history() {
        return history;
    }

    /** {@return the number of epochs asked for} */
    public int epochs() {
        return epochs;
    }

    /**
     * Stops training: after the current batch when asked during an epoch (that epoch is then not recorded), or
     * after the current epoch's callbacks when asked at its end. The first reason wins.
     *
     * @param reason why, for the history and the log
     */
    public void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    /** {@return whether a callback asked to stop} */
    public boolean stopRequested() {
        return stopReason != null;
    }

    /** {@return the reason given to {@link #requestStop}, if any} */
    public Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    /** {@return a copy of every parameter and buffer of the model (for best-weights restore)} */
    public Map<String, float[]> snapshot() {
        return ModelState.snapshot(model);
    }

    /**
     * Puts saved weights and buffers back into the model.
     *
     * @param snapshot values from {@link #snapshot()} to write back into the model
     */
    public void restore(Map<String, float[]> snapshot) {
        ModelState.restore(model, snapshot);
    }
}
