package dev.nn.core.train;

import dev.nn.core.json.Json;
import dev.nn.core.state.CheckpointException;
import dev.nn.core.state.TrainingState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-epoch training and validation figures of one {@link Trainer#fit} run, and why it stopped early if it did: the
 * raw material for learning curves and for diagnosing under- and over-fitting. Exports as CSV or JSON text.
 */
public final class History {
    private final List<EpochRecord> epochs = new ArrayList<>();
    private String stopReason;

    /** An empty history; the trainer fills it. */
    public History() {
    }

    void add(EpochRecord record) {
        epochs.add(record);
    }

    void stopped(String reason) {
        this.stopReason = reason;
    }

    /**
     * Saves every record, each figure bit for bit, and the stop reason.
     *
     * @param state where to write
     */
    void saveState(TrainingState state) {
        state.putLong("epochs", epochs.size());
        for (EpochRecord e : epochs) {
            StringBuilder line = new StringBuilder().append(e.epoch());
            for (String m : EpochRecord.METRICS) {
                line.append(',').append(e.metric(m));
            }
            line.append(',').append(e.trainSamples()).append(',').append(e.seconds());
            state.putString("epoch." + e.epoch(), line.toString());
        }
    }

    /**
     * Adds the records {@link #saveState} wrote to this empty history.
     *
     * @param state where they were written
     * @throws CheckpointException naming the record when one is missing or malformed
     */
    void loadState(TrainingState state) {
        int n = state.getInt("epochs");
        for (int epoch = 1; epoch <= n; epoch++) {
            String line = state.getString("epoch." + epoch);
            String[] f = line.split(",", -1);
            try {
                if (f.length != 8 || Integer.parseInt(f[0]) != epoch) {
                    throw new NumberFormatException("expected 8 fields starting with the epoch number");
                }
                epochs.add(new EpochRecord(epoch, Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        Integer.parseInt(f[6]), Double.parseDouble(f[7])));
            } catch (NumberFormatException e) {
                throw new CheckpointException("The saved history record of epoch " + epoch + " is \"" + line
                        + "\", not epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,samples,seconds ("
                        + e.getMessage() + "); the training state is corrupt");
            }
        }
    }

    /** {@return the completed epochs, in order} */
    public List<EpochRecord> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** {@return the last completed epoch, if any} */
    public Optional<EpochRecord> last() {
        return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.getLast());
    }

    /**
     * {@return its value for each completed epoch}
     *
     * @param metric a name from {@link EpochRecord#METRICS}
     */
    public double[] series(String metric) {
        return epochs.stream().mapToDouble(e -> e.metric(metric)).toArray();
    }

    /**
     * {@return the epoch with the best finite value, if any}
     *
     * @param metric a name from {@link EpochRecord#METRICS}
     * @param lowerIsBetter true for losses, false for accuracies
     */
    public Optional<EpochRecord> best(String metric, boolean lowerIsBetter) {
        EpochRecord best = null;
        for (EpochRecord e : epochs) {
            double v = e.metric(metric);
            if (!Double.isNaN(v) && (best == null
                    || (lowerIsBetter ? v < best.metric(metric) : v > best.metric(metric)))) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@return why training stopped before its last epoch, if a callback asked it to} */
    public Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    /**
     * {@return the epoch table of {@code nn train}'s {@code summary.txt}: epoch, training and validation loss and
     * accuracy (4 decimals, NaN where not measured) and seconds, one line per epoch, then why training stopped early
     * if it did}
     *
     * <pre>
     * epoch  train_loss  train_acc    val_loss    val_acc   seconds
     *     1      0.6120     0.7800      0.5022     0.8180       2.1  &lt;- kept
     * stopped: ...
     * </pre>
     *
     * @param keptEpoch the 1-based epoch whose weights were kept, marked {@code <- kept}; 0 marks none
     */
    public String table(int keptEpoch) {
        TextTable t = TextTable.aligned(new int[] {5, 11, 10, 11, 10, 9}, "epoch", "train_loss", "train_acc",
                "val_loss", "val_acc", "seconds");
        for (EpochRecord e : epochs) {
            t.noted(e.epoch() == keptEpoch ? "  <- kept" : "", e.epoch(), TextTable.decimals(e.trainLoss(), 4),
                    TextTable.decimals(e.trainAccuracy(), 4), TextTable.decimals(e.valLoss(), 4),
                    TextTable.decimals(e.valAccuracy(), 4), TextTable.decimals(e.seconds(), 1));
        }
        return t + (stopReason == null ? "" : "stopped: " + stopReason + "\n");
    }

    /** {@return {@link #table(int) the epoch table}, no epoch marked} */
    @Override
    public String toString() {
        return table(0);
    }

    /**
     * {@return one header line ({@code epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,samples,seconds}) and
     * one line per epoch; numbers in Java's shortest round-trip form, unmeasured figures empty}
     */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("epoch");
        for (String m : EpochRecord.METRICS) {
            sb.append(',').append(m);
        }
        sb.append(",samples,seconds\n");
        for (EpochRecord e : epochs) {
            sb.append(e.epoch());
            for (String m : EpochRecord.METRICS) {
                double v = e.metric(m);
                sb.append(',').append(Double.isNaN(v) ? "" : Double.toString(v));
            }
            sb.append(',').append(e.trainSamples()).append(',').append(e.seconds()).append('\n');
        }
        return sb.toString();
    }

    /** {@return {@code {"epochs": [{...}, ...], "stop_reason": ...}}, unmeasured figures as null} */
    public String toJson() {
        List<Object> list = new ArrayList<>();
        for (EpochRecord e : epochs) {
            Map<String, Object> m = new LinkedHashMap<>();
            e.toMap().forEach((k, v) -> m.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v));
            list.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("epochs", list);
        root.put("stop_reason", stopReason);
        return Json.writePretty(root);
    }
}
