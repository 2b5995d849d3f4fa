package dev.nn.validate;

/**
 * One fold of a cross-validation run.
 *
 * @param fold the fold's position
 * @param trainSize samples trained on
 * @param validationSize samples evaluated on
 * @param seed the fold's seed
 * @param history per-epoch training and validation values
 * @param fitNanos wall time of the fit in nanoseconds (not part of equality)
 */
public record FoldResult(int fold, int trainSize, int validationSize, long seed, FitHistory history, long fitNanos) {
    /**
     * {@return its value at the kept epoch}
     *
     * @param key a history key
     */
    public double last(String key) {
        return history.last(key);
    }

    /** {@return the fit time in seconds} */
    public double fitSeconds() {
        return fitNanos / 1e9;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FoldResult f && f.fold == fold && f.trainSize == trainSize
                && f.validationSize == validationSize && f.seed == seed && f.history.equals(history);
    }

    @Override
    public int hashCode() {
        return ((fold * 31 + trainSize) * 31 + validationSize) * 31 + Long.hashCode(seed) * 17 + history.hashCode();
    }
}
