package dev.nn.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * scikit-learn's {@code RepeatedKFold} / {@code RepeatedStratifiedKFold}: K-fold repeated with a different shuffle
 * each time, {@code nSplits * nRepeats} splits in all. Every repetition gets its own seed drawn in order from one
 * generator made from {@code seed}, so the splits are reproducible.
 */
public final class RepeatedKFold implements Splitter {
    private final int nSplits;
    private final int nRepeats;
    private final long seed;
    private final boolean stratified;

    /**
     * K-fold repeated with a different shuffle each time.
     *
     * @param nSplits folds per repetition, at least 2
     * @param nRepeats repetitions, at least 1
     * @param seed seed of the repetitions' shuffles
     * @param stratified use StratifiedKFold inside (needs labels)
     */
    public RepeatedKFold(int nSplits, int nRepeats, long seed, boolean stratified) {
        Folds.checkConfig(nSplits, true, seed);
        if (nRepeats <= 0) {
            throw new SplitException("Number of repetitions must be greater than 0. Got n_repeats=" + nRepeats
                    + "; use 1 for a single K-fold.");
        }
        this.nSplits = nSplits;
        this.nRepeats = nRepeats;
        this.seed = seed;
        this.stratified = stratified;
    }

    @Override
    public SplitPlan split(Samples samples) {
        SplittableRandom master = new SplittableRandom(seed);
        List<Split> all = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int r = 0; r < nRepeats; r++) {
            long repeatSeed = master.nextLong();
            Splitter inner = stratified ? new StratifiedKFold(nSplits, true, repeatSeed)
                    : new KFold(nSplits, true, repeatSeed);
            SplitPlan plan = inner.split(samples);
            all.addAll(plan.splits());
            if (r == 0) {
                warnings.addAll(plan.warnings());
            }
        }
        return new SplitPlan(all, warnings);
    }

    @Override
    public String describe() {
        return "Repeated" + (stratified ? "Stratified" : "") + "KFold(n_splits=" + nSplits + ", n_repeats="
                + nRepeats + ", seed=" + seed + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
