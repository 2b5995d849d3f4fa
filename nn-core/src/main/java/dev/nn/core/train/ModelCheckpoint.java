package dev.nn.core.train;

import dev.nn.core.state.AtomicFiles;
import dev.nn.core.state.ModelState;
import dev.nn.core.state.Stateful;
import dev.nn.core.state.TrainingState;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves the model in the safetensors format at the end of epochs, atomically (a failed save leaves the previous
 * checkpoint intact): either whenever a monitored metric improves ({@link #best}), or every epoch
 * ({@link #everyEpoch}, where {@code {epoch}} in the file name is replaced by the epoch number). The file's
 * metadata records the epoch and the epoch's figures. Its state (the best value and its epoch) saves and loads for
 * resuming a run, so a resumed run replaces the file only when it beats the interrupted run's best.
 */
public final class ModelCheckpoint implements Callback, Stateful {
    private final Path file;
    private final String monitor;
    private final boolean lowerIsBetter;
    private final Map<String, String> description = new LinkedHashMap<>();
    private double best;
    private int bestEpoch;

    private ModelCheckpoint(Path file, String monitor, boolean lowerIsBetter) {
        this.file = file;
        this.monitor = monitor;
        this.lowerIsBetter = lowerIsBetter;
        this.best = lowerIsBetter ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /**
     * {@return the callback}
     *
     * @param file the checkpoint, replaced on each improvement
     * @param monitor a metric of {@link EpochRecord#METRICS}; accuracies are maximized, the rest minimized
     */
    public static ModelCheckpoint best(Path file, String monitor) {
        if (!EpochRecord.METRICS.contains(monitor)) {
            throw new IllegalArgumentException("Unknown metric '" + monitor + "' to monitor; known: "
                    + EpochRecord.METRICS);
        }
        return new ModelCheckpoint(file, monitor, !monitor.endsWith("accuracy"));
    }

    /**
     * {@return the callback}
     *
     * @param file the checkpoint; {@code {epoch}} in its name becomes the epoch number, else it is replaced each
     *             epoch
     */
    public static ModelCheckpoint everyEpoch(Path file) {
        return new ModelCheckpoint(file, null, true);
    }

    /**
     * Adds entries every saved file carries besides the epoch's figures, e.g. what makes the file a loadable model
     * (its recipe, input standardizer and class names).
     *
     * @param entries string pairs for {@code __metadata__}; the epoch's own entries win over equal keys
     * @return this
     */
    public ModelCheckpoint optMetadata(Map<String, String> entries) {
        description.putAll(entries);
        return this;
    }

    /** Removes what an earlier run killed while writing this checkpoint left behind (see {@link AtomicFiles}). */
    @Override
    public void onTrainBegin(TrainingContext ctx) {
        AtomicFiles.removeStaleTemporaries(file);
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord e) {
        Map<String, String> meta = new LinkedHashMap<>(description);
        meta.put("epoch", Integer.toString(e.epoch()));
        e.toMap().forEach((k, v) -> meta.put(k, String.valueOf(v)));
        if (monitor == null) {
            String name = file.getFileName().toString().replace("{epoch}", Integer.toString(e.epoch()));
            ModelState.save(ctx.model(), file.resolveSibling(name), meta);
            bestEpoch = e.epoch();
            return;
        }
        double v = e.metric(monitor);
        if (lowerIsBetter ? v < best : v > best) {
            best = v;
            bestEpoch = e.epoch();
            meta.put("monitor", monitor);
            ModelState.save(ctx.model(), file, meta);
        }
    }

    @Override
    public void saveState(TrainingState state) {
        state.putDouble("best", best);
        state.putLong("saved_epoch", bestEpoch);
    }

    @Override
    public void loadState(TrainingState state) {
        double savedBest = state.getDouble("best");
        bestEpoch = state.getInt("saved_epoch");
        best = savedBest;
    }

    /** {@return the best monitored value saved so far (infinite before the first save)} */
    public double bestValue() {
        return best;
    }

    /** {@return the epoch of the last file written (0 before any)} */
    public int savedEpoch() {
        return bestEpoch;
    }
}
