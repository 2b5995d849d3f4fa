package dev.nn.core.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one epoch measured. Training figures are averaged over the epoch's batches while the weights moved (as
 * Keras reports them); validation figures are measured after the epoch in eval mode. A figure that was not measured
 * (no validation set, or accuracy of a non-classification output) is NaN.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean training loss per sample
 * @param trainAccuracy fraction of training samples whose arg-max output equals the label
 * @param valLoss mean validation loss per sample
 * @param valAccuracy validation accuracy
 * @param learningRate the optimizer's rate during the epoch (before any schedule stepped at its end)
 * @param trainSamples samples trained on
 * @param seconds wall time of the epoch, validation included
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                          double learningRate, int trainSamples, double seconds) {
    /** Metric names, in CSV column order. */
    public static final List<String> METRICS = List.of("train_loss", "train_accuracy", "val_loss", "val_accuracy",
            "lr");

    /**
     * {@return its value}
     *
     * @param name one of {@link #METRICS}
     */
    public double metric(String name) {
        return switch (name) {
            case "train_loss" -> trainLoss;
            case "train_accuracy" -> trainAccuracy;
            case "val_loss" -> valLoss;
            case "val_accuracy" -> valAccuracy;
            case "lr" -> learningRate;
            default -> throw new IllegalArgumentException("Unknown metric '" + name + "'; known: " + METRICS);
        };
    }

    /** {@return every field by its snake_case name (NaN for unmeasured figures)} */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        for (String name : METRICS) {
            m.put(name, metric(name));
        }
        m.put("samples", trainSamples);
        m.put("seconds", seconds);
        return m;
    }
}
