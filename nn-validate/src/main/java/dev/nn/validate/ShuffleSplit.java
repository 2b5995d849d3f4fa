package dev.nn.validate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * scikit-learn's {@code ShuffleSplit} (repeated random hold-out): each split draws a fresh permutation; test = its
 * first {@code n_test} indices, train = the next {@code n_train} (sizes by {@link HoldOutSizes#of}). Unlike
 * K-fold, test sets may overlap between splits and the training size can be set freely, which makes it the
 * splitter for "many independent small training sets" experiments.
 */
public final class ShuffleSplit implements Splitter {
    private final int nSplits;
    private final SizeSpec testSize;
    private final SizeSpec trainSize;
    private final long seed;

    /**
     * Random train/test splits.
     *
     * @param nSplits number of re-shuffled splits, at least 1
     * @param testSize test size (null: 0.1, scikit-learn's default here)
     * @param trainSize train size (null: the complement)
     * @param seed seed of the permutations
     */
    public ShuffleSplit(int nSplits, SizeSpec testSize, SizeSpec trainSize, long seed) {
        if (nSplits < 1) {
            throw new SplitException("ShuffleSplit needs n_splits >= 1, got " + nSplits);
        }
        this.nSplits = nSplits;
        this.testSize = testSize == null && trainSize == null ? SizeSpec.fraction(0.1) : testSize;
        this.trainSize = trainSize;
        this.seed = seed;
    }

    @Override
    public SplitPlan split(Samples samples) {
        int n = samples.count();
        HoldOutSizes sizes = HoldOutSizes.of(n, testSize, trainSize);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Split> out = new ArrayList<>();
        for (int s = 0; s < nSplits; s++) {
            int[] perm = Folds.range(n);
            Folds.shuffle(perm, rng);
            out.add(new Split(Arrays.copyOfRange(perm, sizes.test(), sizes.test() + sizes.train()),
                    Arrays.copyOfRange(perm, 0, sizes.test())));
        }
        return new SplitPlan(out, List.of());
    }

    @Override
    public String describe() {
        return "ShuffleSplit(n_splits=" + nSplits + ", test_size=" + (testSize == null ? "None" : testSize.text())
                + ", train_size=" + (trainSize == null ? "None" : trainSize.text()) + ", seed=" + seed + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
