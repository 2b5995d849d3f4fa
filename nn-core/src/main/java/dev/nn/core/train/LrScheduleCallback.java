package dev.nn.core.train;

import dev.nn.core.optim.EpochScheduler;
import dev.nn.core.optim.ReduceLROnPlateau;
import dev.nn.core.state.Stateful;
import dev.nn.core.state.TrainingState;

/**
 * Steps a learning-rate schedule at the end of every epoch, as PyTorch code calls {@code scheduler.step()}. Its state
 * is the schedule's.
 */
public final class LrScheduleCallback implements Callback, Stateful {
    private final EpochScheduler scheduler;
    private final ReduceLROnPlateau plateau;
    private final String metric;

    private LrScheduleCallback(EpochScheduler scheduler, ReduceLROnPlateau plateau, String metric) {
        this.scheduler = scheduler;
        this.plateau = plateau;
        this.metric = metric;
    }

    /**
     * {@return the callback}
     *
     * @param scheduler e.g. StepLR or CosineAnnealingLR
     */
    public static LrScheduleCallback of(EpochScheduler scheduler) {
        return new LrScheduleCallback(scheduler, null, null);
    }

    /**
     * {@return the callback}
     *
     * @param plateau the scheduler
     * @param metric the metric it watches, from {@link EpochRecord#METRICS}, e.g. {@code val_loss}
     */
    public static LrScheduleCallback onPlateau(ReduceLROnPlateau plateau, String metric) {
        if (!EpochRecord.METRICS.contains(metric)) {
            throw new IllegalArgumentException("Unknown metric '" + metric + "'; known: " + EpochRecord.METRICS);
        }
        return new LrScheduleCallback(null, plateau, metric);
    }

    @Override
    public void saveState(TrainingState state) {
        schedule().saveState(state);
    }

    @Override
    public void loadState(TrainingState state) {
        schedule().loadState(state);
    }

    private Stateful schedule() {
        return scheduler != null ? scheduler : plateau;
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        if (scheduler != null) {
            scheduler.step();
        } else {
            plateau.step(record.metric(metric));
        }
    }
}
