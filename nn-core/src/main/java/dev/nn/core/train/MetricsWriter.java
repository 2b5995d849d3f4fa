package dev.nn.core.train;

import dev.nn.core.state.AtomicFiles;
import java.nio.file.Path;

/**
 * Writes the history so far as CSV and/or JSON after every epoch and at the end, each file replaced atomically, so
 * a report or plot can follow a long run and an interrupted run keeps its complete earlier epochs.
 */
public final class MetricsWriter implements Callback {
    private final Path csv;
    private final Path json;

    /**
     * A writer of the history files.
     *
     * @param csv the CSV file, or null for none
     * @param json the JSON file, or null for none
     */
    public MetricsWriter(Path csv, Path json) {
        if (csv == null && json == null) {
            throw new IllegalArgumentException("MetricsWriter needs a CSV or a JSON path");
        }
        this.csv = csv;
        this.json = json;
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        write(ctx.history());
    }

    @Override
    public void onTrainEnd(TrainingContext ctx) {
        // after the stop reason is known; the trainer records it before calling this
        write(ctx.history());
    }

    private void write(History history) {
        if (csv != null) {
            AtomicFiles.writeString(csv, history.toCsv());
        }
        if (json != null) {
            AtomicFiles.writeString(json, history.toJson());
        }
    }
}
