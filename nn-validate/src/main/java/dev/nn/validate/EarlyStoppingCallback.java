package dev.nn.validate;

import dev.nn.core.state.Stateful;
import dev.nn.core.state.TrainingState;
import dev.nn.core.train.Callback;
import dev.nn.core.train.EpochRecord;
import dev.nn.core.train.TrainingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link EarlyStopping} as a callback of nn-core's {@code Trainer}: it watches the epoch records (Keras names:
 * {@code loss}, {@code accuracy}, {@code val_loss}, {@code val_accuracy}), asks the trainer to stop, and restores
 * the best weights when training ends, whether it stopped early or ran all epochs. The Trainer numbers epochs
 * from 1; {@link EarlyStopping} counts from 0 like Keras, so {@code startFromEpoch} keeps its Keras meaning. Its
 * state is the rules' ({@link EarlyStopping#saveState}).
 */
public final class EarlyStoppingCallback implements Callback, Stateful {
    private final EarlyStopping stopping;
    private int keptEpoch = -1;

    /**
     * A callback applying the rules at every epoch end.
     *
     * @param stopping the rules (one instance per training run)
     */
    public EarlyStoppingCallback(EarlyStopping stopping) {
        this.stopping = stopping;
    }

    @Override
    public void onTrainBegin(TrainingContext ctx) {
        keptEpoch = -1;
        stopping.onTrainBegin(ctx.model());
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        Map<String, Double> logs = new LinkedHashMap<>();
        // a loss that was measured stays in the logs even when it is NaN (a diverged run): it is no improvement,
        // not a missing metric
        boolean validated = !Double.isNaN(record.valLoss()) || !Double.isNaN(record.valAccuracy());
        logs.put(FitHistory.LOSS, record.trainLoss());
        put(logs, "accuracy", record.trainAccuracy());
        if (validated) {
            logs.put(FitHistory.VAL_LOSS, record.valLoss());
        }
        put(logs, "val_accuracy", record.valAccuracy());
        if (stopping.onEpochEnd(record.epoch() - 1, logs)) {
            ctx.requestStop("early stopping: " + stopping.monitor() + " did not improve on " + stopping.best()
                    + " (epoch " + (stopping.bestEpoch() + 1) + ")");
        }
    }

    @Override
    public void onTrainEnd(TrainingContext ctx) {
        keptEpoch = stopping.onTrainEnd();
    }

    @Override
    public void saveState(TrainingState state) {
        stopping.saveState(state);
    }

    @Override
    public void loadState(TrainingState state) {
        stopping.loadState(state);
    }

    /** {@return the 0-based epoch whose weights the model holds after training, or -1 if none was restored} */
    public int keptEpoch() {
        return keptEpoch;
    }

    /** {@return the rules} */
    public EarlyStopping stopping() {
        return stopping;
    }

    private static void put(Map<String, Double> logs, String key, double value) {
        if (!Double.isNaN(value)) {
            logs.put(key, value);
        }
    }
}
