package dev.nn.validate;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Per-epoch training record, Keras' {@code History} naming: {@code loss}, {@code val_loss}, and metrics such as
 * {@code accuracy}/{@code val_accuracy}. {@link #finalEpoch()} is the epoch whose weights the model ended with
 * (earlier than the last one when early stopping restored the best weights), and {@link #last(String)} reads that
 * epoch, so reported scores belong to the model that is actually kept. Serializable plain data, so it travels back from
 * wherever a trial ran.
 */
public final class FitHistory implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Key of the training loss. */
    public static final String LOSS = "loss";
    /** Key of the validation loss. */
    public static final String VAL_LOSS = "val_loss";

    /** Key to one value per epoch, in recording order (always a LinkedHashMap, hence serializable). */
    @SuppressWarnings("serial")
    private final Map<String, double[]> series;
    /** Number of epochs recorded. */
    private final int epochs;
    /** The epoch whose weights the model kept. */
    private final int finalEpoch;

    private FitHistory(Map<String, double[]> series, int epochs, int finalEpoch) {
        this.series = series;
        this.epochs = epochs;
        this.finalEpoch = finalEpoch;
    }

    /** {@return an empty builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A history from whole series (all the same length), kept model = last epoch.
     *
     * @param series key to per-epoch values
     * @return the history
     */
    public static FitHistory of(Map<String, double[]> series) {
        Builder b = builder();
        int n = series.values().stream().mapToInt(a -> a.length).max().orElse(0);
        for (int e = 0; e < n; e++) {
            Map<String, Double> row = new LinkedHashMap<>();
            for (var en : series.entrySet()) {
                if (en.getValue().length != n) {
                    throw new IllegalArgumentException("Series '" + en.getKey() + "' has " + en.getValue().length
                            + " epochs but others have " + n + "; give every series one value per epoch");
                }
                row.put(en.getKey(), en.getValue()[e]);
            }
            b.addEpoch(row);
        }
        return b.build();
    }

    /**
     * Converts nn-core's {@code Trainer} history to Keras naming: {@code train_loss} becomes {@code loss},
     * {@code train_accuracy} becomes {@code accuracy}; {@code val_loss}, {@code val_accuracy} and {@code lr} keep
     * their names. Figures that were never measured (all NaN: accuracy of a regression, validation without a
     * validation set) are left out; a validation loss that is NaN while the validation accuracy was measured (a
     * diverged model) stays, as does the training loss.
     *
     * @param history a Trainer run
     * @param keptEpoch 0-based epoch whose weights the model holds, or -1 for the last
     * @return the history
     */
    public static FitHistory from(dev.nn.core.train.History history, int keptEpoch) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("train_loss", LOSS);
        names.put("train_accuracy", "accuracy");
        names.put("val_loss", VAL_LOSS);
        names.put("val_accuracy", "val_accuracy");
        names.put("lr", "lr");
        Builder b = builder();
        boolean validated = measured(history, "val_loss") || measured(history, "val_accuracy");
        for (dev.nn.core.train.EpochRecord e : history.epochs()) {
            Map<String, Double> row = new LinkedHashMap<>();
            names.forEach((core, keras) -> {
                if (core.equals("train_loss") || core.equals("val_loss") && validated || measured(history, core)) {
                    row.put(keras, e.metric(core));
                }
            });
            b.addEpoch(row);
        }
        if (keptEpoch >= 0) {
            b.optFinalEpoch(keptEpoch);
        }
        return b.build();
    }

    private static boolean measured(dev.nn.core.train.History history, String metric) {
        return Arrays.stream(history.series(metric)).anyMatch(v -> !Double.isNaN(v));
    }

    /** {@return number of epochs recorded} */
    public int epochs() {
        return epochs;
    }

    /** {@return index of the epoch whose weights the model kept} */
    public int finalEpoch() {
        return finalEpoch;
    }

    /** {@return the recorded keys in insertion order} */
    public Set<String> keys() {
        return series.keySet();
    }

    /**
     * {@return whether it was recorded}
     *
     * @param key a series
     */
    public boolean has(String key) {
        return series.containsKey(key);
    }

    /**
     * {@return a copy of its values, one per epoch}
     *
     * @param key a series, e.g. {@code val_loss}
     * @throws IllegalArgumentException naming the keys that exist when absent
     */
    public double[] series(String key) {
        double[] s = series.get(key);
        if (s == null) {
            throw new IllegalArgumentException("History has no series '" + key + "'; it has " + series.keySet()
                    + ". Record it in the fold fitter (e.g. val_loss needs a validation set)");
        }
        return s.clone();
    }

    /**
     * {@return its value at the kept epoch}
     *
     * @param key a series
     */
    public double last(String key) {
        return series(key)[finalEpoch];
    }

    /**
     * {@return a copy with that kept epoch}
     *
     * @param epoch the epoch whose weights the model holds (early stopping restored them)
     */
    public FitHistory withFinalEpoch(int epoch) {
        if (epoch < 0 || epoch >= epochs) {
            throw new IllegalArgumentException("Kept epoch " + epoch + " is outside 0.." + (epochs - 1));
        }
        return new FitHistory(series, epochs, epoch);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FitHistory[" + epochs + " epochs, kept " + finalEpoch);
        for (String k : series.keySet()) {
            sb.append(", ").append(k).append('=').append(epochs == 0 ? "-" : String.format("%.4g", last(k)));
        }
        return sb.append(']').toString();
    }

    /** Collects epochs one by one. */
    public static final class Builder {
        private final Map<String, double[]> series = new LinkedHashMap<>();
        private int epochs;
        private Integer finalEpoch;

        private Builder() {
        }

        /**
         * {@return this}
         *
         * @param values this epoch's values by key; every epoch must have the same keys
         */
        public Builder addEpoch(Map<String, Double> values) {
            if (epochs > 0 && !series.keySet().equals(values.keySet())) {
                throw new IllegalArgumentException("Epoch " + epochs + " has keys " + values.keySet()
                        + " but earlier epochs have " + series.keySet() + "; record the same keys every epoch");
            }
            for (var e : values.entrySet()) {
                double[] old = series.getOrDefault(e.getKey(), new double[0]);
                double[] grown = Arrays.copyOf(old, epochs + 1);
                grown[epochs] = e.getValue();
                series.put(e.getKey(), grown);
            }
            epochs++;
            return this;
        }

        /**
         * {@return this}
         *
         * @param epoch the epoch whose weights the model kept; default the last
         */
        public Builder optFinalEpoch(int epoch) {
            this.finalEpoch = epoch;
            return this;
        }

        /** {@return the history} */
        public FitHistory build() {
            int kept = finalEpoch != null ? finalEpoch : Math.max(0, epochs - 1);
            if (epochs > 0 && (kept < 0 || kept >= epochs)) {
                throw new IllegalArgumentException("Kept epoch " + kept + " is outside 0.." + (epochs - 1));
            }
            return new FitHistory(new LinkedHashMap<>(series), epochs, kept);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FitHistory h) || h.epochs != epochs || h.finalEpoch != finalEpoch
                || !h.series.keySet().equals(series.keySet())) {
            return false;
        }
        return series.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), h.series.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        int h = 31 * epochs + finalEpoch;
        for (var e : series.entrySet()) {
            h = 31 * h + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
        }
        return h;
    }
}
