package dev.nn.validate;

import java.util.List;

/**
 * scikit-learn 1.2's {@code GroupKFold}: no group appears on both sides. Groups are taken largest first (numpy's
 * unstable argsort of the group sizes, reversed; reproduced exactly so ties match) and each goes to the fold with
 * the fewest samples so far. Deterministic; scikit-learn 1.2 has no shuffling for it.
 */
public final class GroupKFold implements Splitter {
    private final int nSplits;

    /**
     * K folds that never split a group.
     *
     * @param nSplits number of folds, at least 2
     */
    public GroupKFold(int nSplits) {
        Folds.checkConfig(nSplits, false, null);
        this.nSplits = nSplits;
    }

    @Override
    public SplitPlan split(Samples samples) {
        int[] groups = samples.requireGroups("GroupKFold");
        Folds.checkSamples(nSplits, samples.count());
        Unique u = Unique.of(groups);
        int nGroups = u.values().length;
        if (nSplits > nGroups) {
            throw new SplitException("Cannot have number of splits n_splits=" + nSplits + " greater than the "
                    + "number of groups: " + nGroups + ". Use n_splits <= " + nGroups + " or give finer groups.");
        }
        long[] sizes = new long[nGroups];
        for (int i = 0; i < nGroups; i++) {
            sizes[i] = u.counts()[i];
        }
        int[] ascending = NumpySort.argsort(sizes);
        double[] perFold = new double[nSplits];
        int[] groupToFold = new int[nGroups];
        for (int k = nGroups - 1; k >= 0; k--) {
            int g = ascending[k];
            int lightest = 0;
            for (int f = 1; f < nSplits; f++) {
                if (perFold[f] < perFold[lightest]) {
                    lightest = f;
                }
            }
            perFold[lightest] += sizes[g];
            groupToFold[g] = lightest;
        }
        int[] foldOf = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            foldOf[i] = groupToFold[u.inverse()[i]];
        }
        return new SplitPlan(Folds.fromAssignment(foldOf, nSplits), List.of());
    }

    @Override
    public String describe() {
        return "GroupKFold(n_splits=" + nSplits + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
