package dev.nn.validate;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * scikit-learn's {@code KFold}: consecutive test blocks, the first {@code n % k} one sample larger; with shuffling
 * the indices are permuted first (by nn's seeded generator, so shuffled indices differ from numpy's, sizes do not).
 */
public final class KFold implements Splitter {
    private final int nSplits;
    private final boolean shuffle;
    private final Long seed;

    /**
     * Unshuffled: indices identical to scikit-learn's {@code KFold(n_splits)}.
     *
     * @param nSplits number of folds, at least 2
     */
    public KFold(int nSplits) {
        this(nSplits, false, null);
    }

    /**
     * K folds of consecutive samples, optionally shuffled first.
     *
     * @param nSplits number of folds, at least 2
     * @param shuffle permute the samples before cutting folds
     * @param seed the seed when shuffling; must be null without shuffling (it would be ignored)
     * @throws SplitException for fewer than 2 folds, or a seed without shuffling
     */
    public KFold(int nSplits, boolean shuffle, Long seed) {
        Folds.checkConfig(nSplits, shuffle, seed);
        Folds.generator(shuffle, seed, "KFold");
        this.nSplits = nSplits;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** {@return the number of folds} */
    public int nSplits() {
        return nSplits;
    }

    @Override
    public SplitPlan split(Samples samples) {
        int n = samples.count();
        Folds.checkSamples(nSplits, n);
        int[] order = Folds.range(n);
        RandomGenerator rng = Folds.generator(shuffle, seed, "KFold");
        if (rng != null) {
            Folds.shuffle(order, rng);
        }
        int[] foldOf = new int[n];
        int start = 0;
        for (int f = 0; f < nSplits; f++) {
            int size = n / nSplits + (f < n % nSplits ? 1 : 0);
            for (int i = start; i < start + size; i++) {
                foldOf[order[i]] = f;
            }
            start += size;
        }
        return new SplitPlan(Folds.fromAssignment(foldOf, nSplits), List.of());
    }

    /**
     * {@return the fold sizes: {@code n/k + 1} for the first {@code n % k} folds, else {@code n/k}}
     *
     * @param n samples
     */
    public int[] foldSizes(int n) {
        Folds.checkSamples(nSplits, n);
        int[] sizes = new int[nSplits];
        for (int f = 0; f < nSplits; f++) {
            sizes[f] = n / nSplits + (f < n % nSplits ? 1 : 0);
        }
        return sizes;
    }

    @Override
    public String describe() {
        return "KFold(n_splits=" + nSplits + ", shuffle=" + shuffle + (shuffle ? ", seed=" + seed : "") + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
