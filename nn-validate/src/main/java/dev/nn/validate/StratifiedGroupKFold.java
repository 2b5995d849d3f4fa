package dev.nn.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * scikit-learn 1.2's {@code StratifiedGroupKFold}: whole groups go to folds, greedily, so that every fold's class
 * proportions stay close to the data set's. Groups are visited by decreasing spread of their class counts (stable
 * order) and each goes to the fold where the mean over classes of the across-fold standard deviation of class
 * shares is smallest (ties within {@code np.isclose}: the fold with fewer samples). Unshuffled folds are identical
 * to scikit-learn's. With shuffling, nn permutes the groups (with their class counts) before the stable sort.
 */
public final class StratifiedGroupKFold implements Splitter {
    private final int nSplits;
    private final boolean shuffle;
    private final Long seed;

    /**
     * Stratified folds that never split a group.
     *
     * @param nSplits number of folds, at least 2
     */
    public StratifiedGroupKFold(int nSplits) {
        this(nSplits, false, null);
    }

    /**
     * Stratified folds that never split a group, optionally shuffled.
     *
     * @param nSplits number of folds, at least 2
     * @param shuffle permute groups before the greedy assignment
     * @param seed the seed when shuffling; must be null without shuffling
     */
    public StratifiedGroupKFold(int nSplits, boolean shuffle, Long seed) {
        Folds.checkConfig(nSplits, shuffle, seed);
        Folds.generator(shuffle, seed, "StratifiedGroupKFold");
        this.nSplits = nSplits;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    @Override
    public SplitPlan split(Samples samples) {
        int[] y = samples.requireLabels("StratifiedGroupKFold");
        int[] groups = samples.requireGroups("StratifiedGroupKFold");
        Folds.checkSamples(nSplits, samples.count());
        List<String> warnings = new ArrayList<>();
        Unique classes = Unique.of(y);
        int[] yCnt = classes.counts();
        int minCount = Integer.MAX_VALUE;
        int maxCount = 0;
        for (int c : yCnt) {
            minCount = Math.min(minCount, c);
            maxCount = Math.max(maxCount, c);
        }
        if (nSplits > maxCount) {
            throw new SplitException("n_splits=" + nSplits + " cannot be greater than the number of members in "
                    + "each class. The largest class has " + maxCount + " members: use n_splits <= " + maxCount
                    + ".");
        }
        if (nSplits > minCount) {
            Folds.warn(warnings, "The least populated class in y has only " + minCount + " members, which is "
                    + "less than n_splits=" + nSplits + ".");
        }
        int nClasses = yCnt.length;
        Unique g = Unique.of(groups);
        int nGroups = g.values().length;
        double[][] countsPerGroup = new double[nGroups][nClasses];
        for (int i = 0; i < y.length; i++) {
            countsPerGroup[g.inverse()[i]][classes.inverse()[i]] += 1;
        }
        int[] groupOrder = Folds.range(nGroups);
        RandomGenerator rng = Folds.generator(shuffle, seed, "StratifiedGroupKFold");
        if (rng != null) {
            Folds.shuffle(groupOrder, rng);
        }
        double[] negStd = new double[nGroups];
        for (int k = 0; k < nGroups; k++) {
            negStd[k] = -NumpyStats.std(countsPerGroup[groupOrder[k]]);
        }
        Integer[] visit = new Integer[nGroups];
        for (int k = 0; k < nGroups; k++) {
            visit[k] = k;
        }
        java.util.Arrays.sort(visit, (a, b) -> Double.compare(negStd[a], negStd[b]));   // stable, like mergesort
        double[][] perFold = new double[nSplits][nClasses];
        int[] groupToFold = new int[nGroups];
        for (int k : visit) {
            double[] counts = countsPerGroup[groupOrder[k]];
            int best = bestFold(perFold, yCnt, counts);
            for (int c = 0; c < nClasses; c++) {
                perFold[best][c] += counts[c];
            }
            groupToFold[groupOrder[k]] = best;
        }
        int[] foldOf = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            foldOf[i] = groupToFold[g.inverse()[i]];
        }
        return new SplitPlan(Folds.fromAssignment(foldOf, nSplits), warnings);
    }

    /** sklearn {@code _find_best_fold}. */
    private int bestFold(double[][] perFold, int[] yCnt, double[] groupCounts) {
        int nClasses = yCnt.length;
        int best = -1;
        double minEval = Double.POSITIVE_INFINITY;
        double minSamples = Double.POSITIVE_INFINITY;
        double[] column = new double[nSplits];
        for (int i = 0; i < nSplits; i++) {
            for (int c = 0; c < nClasses; c++) {
                perFold[i][c] += groupCounts[c];
            }
            double[] stdPerClass = new double[nClasses];
            for (int c = 0; c < nClasses; c++) {
                for (int f = 0; f < nSplits; f++) {
                    column[f] = perFold[f][c] / yCnt[c];
                }
                stdPerClass[c] = NumpyStats.stdStrided(column);
            }
            for (int c = 0; c < nClasses; c++) {
                perFold[i][c] -= groupCounts[c];
            }
            double foldEval = NumpyStats.mean(stdPerClass);
            double samplesInFold = NumpyStats.sum(perFold[i]);
            boolean better = foldEval < minEval
                    || (NumpyStats.isClose(foldEval, minEval) && samplesInFold < minSamples);
            if (better) {
                minEval = foldEval;
                minSamples = samplesInFold;
                best = i;
            }
        }
        return best;
    }

    @Override
    public String describe() {
        return "StratifiedGroupKFold(n_splits=" + nSplits + ", shuffle=" + shuffle
                + (shuffle ? ", seed=" + seed : "") + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
