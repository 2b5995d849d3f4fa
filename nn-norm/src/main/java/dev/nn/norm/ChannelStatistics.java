package dev.nn.norm;

/**
 * Per-channel statistics of one batch, as a BatchNorm computed them.
 *
 * @param mean the batch mean per channel
 * @param variance the biased batch variance per channel (the one used to normalize)
 */
public record ChannelStatistics(float[] mean, float[] variance) {
    /**
     * Copies the arrays.
     * @param mean per-channel mean
     * @param variance per-channel biased variance
     */
    public ChannelStatistics {
        if (mean.length != variance.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " channels but variance has "
                    + variance.length + "; both must hold one value per channel");
        }
        mean = mean.clone();
        variance = variance.clone();
    }

    /** {@return the per-channel mean (a copy)} */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** {@return the per-channel biased variance (a copy)} */
    @Override
    public float[] variance() {
        return variance.clone();
    }

    /** {@return the number of channels} */
    public int channels() {
        return mean.length;
    }
}
