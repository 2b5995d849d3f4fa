package dev.nn.validate;

/**
 * Makes train/test splits of sample indices (scikit-learn's cross-validator). Splitting is deterministic: a
 * shuffled splitter draws from a generator made from its seed, so the same splitter and samples give the same
 * splits every time.
 */
public interface Splitter {
    /**
     * {@return the splits and any warnings}
     *
     * @param samples the data set's size, labels and groups
     * @throws SplitException when the samples cannot be split this way
     */
    SplitPlan split(Samples samples);

    /** {@return a short description for reports, e.g. {@code KFold(n_splits=5, shuffle=false)}} */
    String describe();
}
