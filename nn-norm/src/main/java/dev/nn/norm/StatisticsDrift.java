package dev.nn.norm;

import java.util.Optional;

/**
 * How far a BatchNorm's last batch statistics are from its running statistics: the mean shift in running standard
 * deviations {@code |batch_mean - running_mean| / sqrt(running_var + eps)} and the log variance ratio
 * {@code ln(batch_var / running_var)}, averaged over channels and at their worst channel. Large values mean eval
 * mode will normalize differently from training (small batches, distribution shift, too little momentum).
 *
 * @param channels channels compared
 * @param meanShift channel average of the standardized mean shift
 * @param maxMeanShift the largest standardized mean shift
 * @param meanAbsLogVarRatio channel average of {@code |ln(batch_var / running_var)|}
 * @param maxAbsLogVarRatio the largest {@code |ln(batch_var / running_var)|}
 */
public record StatisticsDrift(int channels, double meanShift, double maxMeanShift, double meanAbsLogVarRatio,
                              double maxAbsLogVarRatio) {
    /**
     * {@return the drift}
     *
     * @param batch the batch statistics
     * @param runningMean running mean per channel
     * @param runningVar running variance per channel
     * @param eps the layer's eps (keeps zero variances finite)
     */
    public static StatisticsDrift of(ChannelStatistics batch, float[] runningMean, float[] runningVar, double eps) {
        int c = batch.channels();
        if (runningMean.length != c || runningVar.length != c) {
            throw new IllegalArgumentException("Batch statistics have " + c + " channels but the running ones have "
                    + runningMean.length + " and " + runningVar.length + "; compare statistics of the same layer");
        }
        float[] m = batch.mean();
        float[] v = batch.variance();
        double shiftSum = 0;
        double shiftMax = 0;
        double ratioSum = 0;
        double ratioMax = 0;
        for (int i = 0; i < c; i++) {
            double shift = Math.abs(m[i] - runningMean[i]) / Math.sqrt(runningVar[i] + eps);
            double ratio = Math.abs(Math.log((v[i] + eps) / (runningVar[i] + eps)));
            shiftSum += shift;
            shiftMax = Math.max(shiftMax, shift);
            ratioSum += ratio;
            ratioMax = Math.max(ratioMax, ratio);
        }
        return new StatisticsDrift(c, shiftSum / c, shiftMax, ratioSum / c, ratioMax);
    }

    /**
     * {@return its drift, or empty when it has no running or no batch statistics}
     *
     * @param bn a BatchNorm that tracks running statistics and whose last forward used batch statistics
     */
    public static Optional<StatisticsDrift> of(BatchNorm bn) {
        if (!bn.tracksRunningStats()) {
            return Optional.empty();
        }
        return bn.lastBatchStatistics().map(s -> of(s, bn.runningMean().orElseThrow().toArray(),
                bn.runningVar().orElseThrow().toArray(), bn.eps()));
    }
}
