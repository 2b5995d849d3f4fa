package dev.nn.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * scikit-learn 1.2's {@code StratifiedKFold}: classes are numbered in order of first appearance in {@code y}; the
 * sorted encoded labels are dealt round-robin to the folds to decide how many of each class every fold gets, and
 * each class's samples (in index order) fill folds 0, 1, ... in blocks of that size. With shuffling the fold
 * assignment inside each class is permuted (by nn's seeded generator).
 */
public final class StratifiedKFold implements Splitter {
    private final int nSplits;
    private final boolean shuffle;
    private final Long seed;

    /**
     * K folds that keep the class proportions.
     *
     * @param nSplits number of folds, at least 2 (unshuffled, identical to scikit-learn)
     */
    public StratifiedKFold(int nSplits) {
        this(nSplits, false, null);
    }

    /**
     * K folds that keep the class proportions, optionally shuffled.
     *
     * @param nSplits number of folds, at least 2
     * @param shuffle permute the fold assignment within each class
     * @param seed the seed when shuffling; must be null without shuffling
     */
    public StratifiedKFold(int nSplits, boolean shuffle, Long seed) {
        Folds.checkConfig(nSplits, shuffle, seed);
        Folds.generator(shuffle, seed, "StratifiedKFold");
        this.nSplits = nSplits;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    @Override
    public SplitPlan split(Samples samples) {
        int[] y = samples.requireLabels("StratifiedKFold");
        int n = y.length;
        Folds.checkSamples(nSplits, n);
        List<String> warnings = new ArrayList<>();
        int[] foldOf = assign(y, nSplits, Folds.generator(shuffle, seed, "StratifiedKFold"), warnings);
        return new SplitPlan(Folds.fromAssignment(foldOf, nSplits), warnings);
    }

    /** @return the test fold of every sample, following sklearn's {@code _make_test_folds} */
    static int[] assign(int[] y, int nSplits, RandomGenerator rng, List<String> warnings) {
        int n = y.length;
        int[] encoded = encodeByFirstAppearance(y);
        int nClasses = 0;
        for (int e : encoded) {
            nClasses = Math.max(nClasses, e + 1);
        }
        int[] counts = new int[nClasses];
        for (int e : encoded) {
            counts[e]++;
        }
        int minCount = Integer.MAX_VALUE;
        boolean allSmaller = true;
        for (int c : counts) {
            minCount = Math.min(minCount, c);
            allSmaller &= nSplits > c;
        }
        if (allSmaller) {
            throw new SplitException("n_splits=" + nSplits + " cannot be greater than the number of members in "
                    + "each class. The largest class has " + max(counts) + " members: use n_splits <= "
                    + max(counts) + " or collect more samples per class.");
        }
        if (nSplits > minCount) {
            Folds.warn(warnings, "The least populated class in y has only " + minCount + " members, which is "
                    + "less than n_splits=" + nSplits + ".");
        }
        // y_order = sort(encoded); allocation[i][c] = count of class c in y_order[i::k]
        int[] yOrder = new int[n];
        int pos = 0;
        for (int c = 0; c < nClasses; c++) {
            for (int j = 0; j < counts[c]; j++) {
                yOrder[pos++] = c;
            }
        }
        int[][] allocation = new int[nSplits][nClasses];
        for (int i = 0; i < n; i++) {
            allocation[i % nSplits][yOrder[i]]++;
        }
        int[] foldOf = new int[n];
        for (int c = 0; c < nClasses; c++) {
            int[] foldsForClass = new int[counts[c]];
            int p = 0;
            for (int f = 0; f < nSplits; f++) {
                for (int j = 0; j < allocation[f][c]; j++) {
                    foldsForClass[p++] = f;
                }
            }
            if (rng != null) {
                Folds.shuffle(foldsForClass, rng);
            }
            int q = 0;
            for (int i = 0; i < n; i++) {
                if (encoded[i] == c) {
                    foldOf[i] = foldsForClass[q++];
                }
            }
        }
        return foldOf;
    }

    /** @return labels renumbered 0, 1, ... in order of first appearance */
    static int[] encodeByFirstAppearance(int[] y) {
        Map<Integer, Integer> code = new HashMap<>();
        int[] out = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = code.computeIfAbsent(y[i], k -> code.size());
        }
        return out;
    }

    private static int max(int[] a) {
        int m = Integer.MIN_VALUE;
        for (int v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    @Override
    public String describe() {
        return "StratifiedKFold(n_splits=" + nSplits + ", shuffle=" + shuffle + (shuffle ? ", seed=" + seed : "")
                + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
