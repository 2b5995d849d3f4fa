package dev.nn.validate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Hold-out train/validation/test splitting with scikit-learn's {@code train_test_split} sizes and order.
 * Unshuffled: train = the first rows, then validation, then test = the last rows (scikit-learn puts test last;
 * validation is carved from the end of the training part, like Keras' {@code validation_split}, which is why
 * {@link SplitChecks} warns when the data are sorted). Shuffled: a seeded permutation, test first as in
 * scikit-learn's {@code ShuffleSplit}. Stratified (needs shuffling, as in scikit-learn): every part keeps the class
 * proportions (largest-remainder allocation per class, ties broken by the seeded generator).
 *
 * <pre>{@code
 * HoldOutSplit s = HoldOut.builder().optTestSize(SizeSpec.fraction(0.2)).optValidationSize(SizeSpec.fraction(0.2))
 *         .optShuffle(true).optSeed(42).optStratify(true).build().split(Samples.labeled(y));
 * }</pre>
 */
public final class HoldOut {
    private final SizeSpec testSize;
    private final SizeSpec trainSize;
    private final SizeSpec validationSize;
    private final boolean shuffle;
    private final Long seed;
    private final boolean stratify;

    private HoldOut(Builder b) {
        Folds.checkSeed(b.shuffle, b.seed);
        if (b.stratify && !b.shuffle) {
            throw new SplitException("Stratified train/test split is not implemented for shuffle=False. Pass "
                    + "shuffle=true with a seed, or drop stratify.");
        }
        Folds.generator(b.shuffle, b.seed, "HoldOut");
        this.testSize = b.testSize;
        this.trainSize = b.trainSize;
        this.validationSize = b.validationSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.stratify = b.stratify;
    }

    /** {@return a builder: test size 0.25, no validation set, unshuffled} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return the sizes of the three parts}
     *
     * @param n number of samples
     * @throws SplitException with scikit-learn's message for invalid sizes
     */
    public HoldOutSizes sizes(int n) {
        HoldOutSizes base = HoldOutSizes.of(n, testSize, trainSize);
        if (validationSize == null) {
            return base;
        }
        int nVal = switch (validationSize) {
            case SizeSpec.Fraction(double v) when v > 0 && v < 1 -> (int) Math.ceil(v * n);
            case SizeSpec.Count(int v) when v > 0 && v < n -> v;
            default -> throw new SplitException("validation_size=" + validationSize.text() + " should be either "
                    + "positive and smaller than the number of samples " + n + " or a float in the (0, 1) range");
        };
        if (nVal >= base.train()) {
            throw new SplitException("validation_size=" + validationSize.text() + " takes " + nVal + " of the "
                    + base.train() + " training samples and leaves none to train on. Reduce validation_size or "
                    + "test_size.");
        }
        return new HoldOutSizes(base.train() - nVal, nVal, base.test());
    }

    /**
     * {@return the split}
     *
     * @param samples size (and labels when stratifying)
     */
    public HoldOutSplit split(Samples samples) {
        int n = samples.count();
        HoldOutSizes sz = sizes(n);
        int trainAll = sz.train() + sz.validation();
        RandomGenerator rng = Folds.generator(shuffle, seed, "HoldOut");
        if (stratify) {
            return stratified(samples.requireLabels("Stratified HoldOut"), sz, rng);
        }
        int[] order = Folds.range(n);
        if (rng == null) {
            return new HoldOutSplit(Arrays.copyOfRange(order, 0, sz.train()),
                    Arrays.copyOfRange(order, sz.train(), trainAll),
                    Arrays.copyOfRange(order, trainAll, trainAll + sz.test()));
        }
        Folds.shuffle(order, rng);
        int[] test = Arrays.copyOfRange(order, 0, sz.test());
        int[] train = Arrays.copyOfRange(order, sz.test(), sz.test() + sz.train());
        int[] validation = Arrays.copyOfRange(order, sz.test() + sz.train(), sz.test() + trainAll);
        return new HoldOutSplit(train, validation, test);
    }

    private static HoldOutSplit stratified(int[] y, HoldOutSizes sz, RandomGenerator rng) {
        int[] encoded = StratifiedKFold.encodeByFirstAppearance(y);
        int nClasses = Arrays.stream(encoded).max().orElse(-1) + 1;
        int[] counts = new int[nClasses];
        for (int e : encoded) {
            counts[e]++;
        }
        if (Arrays.stream(counts).min().orElse(0) < 2) {
            throw new SplitException("The least populated class in y has only 1 member, which is too few. The "
                    + "minimum number of groups for any class cannot be less than 2. Remove or merge that class, "
                    + "or split without stratify.");
        }
        int trainAll = sz.train() + sz.validation();
        if (trainAll < nClasses) {
            throw new SplitException("The train_size = " + trainAll + " should be greater or equal to the number "
                    + "of classes = " + nClasses);
        }
        if (sz.test() < nClasses) {
            throw new SplitException("The test_size = " + sz.test() + " should be greater or equal to the number "
                    + "of classes = " + nClasses);
        }
        int[] trainPerClass = allocate(counts, trainAll, rng);
        int[] remaining = new int[nClasses];
        for (int c = 0; c < nClasses; c++) {
            remaining[c] = counts[c] - trainPerClass[c];
        }
        int[] testPerClass = allocate(remaining, sz.test(), rng);
        int[] valPerClass = sz.validation() == 0 ? new int[nClasses] : allocate(trainPerClass, sz.validation(), rng);
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int c = 0; c < nClasses; c++) {
            int[] members = new int[counts[c]];
            for (int i = 0, k = 0; i < encoded.length; i++) {
                if (encoded[i] == c) {
                    members[k++] = i;
                }
            }
            Folds.shuffle(members, rng);
            int nTrain = trainPerClass[c] - valPerClass[c];
            for (int k = 0; k < members.length; k++) {
                if (k < nTrain) {
                    train.add(members[k]);
                } else if (k < trainPerClass[c]) {
                    val.add(members[k]);
                } else if (k < trainPerClass[c] + testPerClass[c]) {
                    test.add(members[k]);
                }
            }
        }
        return new HoldOutSplit(permuted(train, rng), permuted(val, rng), permuted(test, rng));
    }

    /**
     * scikit-learn's {@code _approximate_mode}: floor of the proportional share, then one more for the classes with
     * the largest remainders (equal remainders in random order).
     */
    static int[] allocate(int[] counts, int draws, RandomGenerator rng) {
        long total = Arrays.stream(counts).asLongStream().sum();
        int[] out = new int[counts.length];
        double[] remainder = new double[counts.length];
        int given = 0;
        for (int c = 0; c < counts.length; c++) {
            double share = (double) draws * counts[c] / total;
            out[c] = (int) Math.floor(share);
            remainder[c] = share - out[c];
            given += out[c];
        }
        int need = draws - given;
        double[] levels = Arrays.stream(remainder).distinct().sorted().toArray();
        for (int l = levels.length - 1; l >= 0 && need > 0; l--) {
            List<Integer> tied = new ArrayList<>();
            for (int c = 0; c < counts.length; c++) {
                if (remainder[c] == levels[l]) {
                    tied.add(c);
                }
            }
            int[] pick = tied.stream().mapToInt(Integer::intValue).toArray();
            Folds.shuffle(pick, rng);
            for (int k = 0; k < Math.min(pick.length, need); k++) {
                out[pick[k]]++;
            }
            need -= Math.min(pick.length, need);
        }
        return out;
    }

    private static int[] permuted(List<Integer> list, RandomGenerator rng) {
        int[] a = list.stream().mapToInt(Integer::intValue).toArray();
        Folds.shuffle(a, rng);
        return a;
    }

    @Override
    public String toString() {
        return "HoldOut(test_size=" + (testSize == null ? "None" : testSize.text()) + ", train_size="
                + (trainSize == null ? "None" : trainSize.text()) + ", validation_size="
                + (validationSize == null ? "None" : validationSize.text()) + ", shuffle=" + shuffle
                + ", stratify=" + stratify + ")";
    }

    /** Settings of a {@link HoldOut}. */
    public static final class Builder {
        private SizeSpec testSize;
        private SizeSpec trainSize;
        private SizeSpec validationSize;
        private boolean shuffle;
        private Long seed;
        private boolean stratify;

        private Builder() {
        }

        /**
         * {@return this}
         *
         * @param size the test part; default 0.25 when neither test nor train size is set
         */
        public Builder optTestSize(SizeSpec size) {
            this.testSize = size;
            return this;
        }

        /**
         * {@return this}
         *
         * @param size the training part (validation included); default the complement of the test size
         */
        public Builder optTrainSize(SizeSpec size) {
            this.trainSize = size;
            return this;
        }

        /**
         * {@return this}
         *
         * @param size the validation part, a fraction of all samples ({@code ceil}) or a count, carved from the
         *     training part; default none
         */
        public Builder optValidationSize(SizeSpec size) {
            this.validationSize = size;
            return this;
        }

        /**
         * {@return this}
         *
         * @param shuffle permute before splitting; default false
         */
        public Builder optShuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * {@return this}
         *
         * @param seed seed of the permutation; only with shuffling
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * {@return this}
         *
         * @param stratify keep class proportions in every part (needs shuffling and labels); default false
         */
        public Builder optStratify(boolean stratify) {
            this.stratify = stratify;
            return this;
        }

        /**
         * {@return the splitter}
         *
         * @throws SplitException for a seed without shuffling or stratify without it
         */
        public HoldOut build() {
            return new HoldOut(this);
        }
    }
}
