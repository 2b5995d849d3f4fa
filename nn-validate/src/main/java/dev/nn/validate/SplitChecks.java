package dev.nn.validate;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sanity checks for splits, each with the fix in its message:
 * <ul>
 *   <li>{@code missing_class}: a class absent from a training part (error: the model never sees it) or from a
 *       validation part (warning: the score says nothing about it);</li>
 *   <li>{@code group_leak}: a group on both sides (error: the score measures memorized groups);</li>
 *   <li>{@code duplicate_leak}: identical feature rows on both sides (warning; rows are hashed);</li>
 *   <li>{@code sorted_tail}: validation = the last rows while the labels are sorted, Keras'
 *       {@code validation_split} trap (error when the tail holds classes training lacks, else warning);</li>
 *   <li>{@code small_fold}: fewer training samples than one batch (warning), and {@code last_batch_of_one}: a last
 *       batch of one sample with BatchNorm in training mode, which PyTorch rejects (error).</li>
 * </ul>
 * Findings are returned and logged ({@code System.Logger} "dev.nn.validate"); {@link #throwOnErrors} turns errors
 * into a {@link SplitException}.
 */
public final class SplitChecks {
    private static final System.Logger LOG = System.getLogger("dev.nn.validate");

    /** How bad a finding is. */
    public enum Severity {
        /** The result is still usable but less informative or slightly optimistic. */
        WARNING,
        /** The result would be wrong or training would fail. */
        ERROR
    }

    /**
     * One problem found.
     *
     * @param severity warning or error
     * @param code stable id, e.g. {@code group_leak}
     * @param split the split's position, or -1 when it concerns all
     * @param message what is wrong and how to fix it
     */
    public record Finding(Severity severity, String code, int split, String message) {
    }

    private final float[][] features;
    private final int batchSize;
    private final boolean batchNorm;
    private final boolean dropLast;

    private SplitChecks(Builder b) {
        this.features = b.features;
        this.batchSize = b.batchSize;
        this.batchNorm = b.batchNorm;
        this.dropLast = b.dropLast;
    }

    /** {@return a builder: label, group and sorted-tail checks; duplicates and batches when configured} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return the findings, in split order}
     *
     * @param samples sizes, labels and groups
     * @param splits the splits to check
     */
    public List<Finding> check(Samples samples, List<Split> splits) {
        List<Finding> out = new ArrayList<>();
        int[] y = samples.labels();
        int[] g = samples.groups();
        Map<Long, List<Integer>> rowsByHash = features == null ? null : hashRows(samples.count());
        for (int s = 0; s < splits.size(); s++) {
            int[] train = splits.get(s).train();
            int[] test = splits.get(s).test();
            String name = splits.size() == 1 ? "the split" : "split " + s;
            if (y != null) {
                missingClasses(out, s, name, y, train, test);
                sortedTail(out, s, name, y, train, test);
            }
            if (g != null) {
                groupLeak(out, s, name, g, train, test);
            }
            if (rowsByHash != null) {
                duplicates(out, s, name, rowsByHash, train, test);
            }
            if (batchSize > 0) {
                batches(out, s, name, train.length);
            }
        }
        for (Finding f : out) {
            LOG.log(f.severity() == Severity.ERROR ? Level.ERROR : Level.WARNING, f.message());
        }
        return out;
    }

    /**
     * Checks a hold-out split: training against validation, and training plus validation against test.
     *
     * @param samples sizes, labels and groups
     * @param split the hold-out split
     * @return the findings
     */
    public List<Finding> check(Samples samples, HoldOutSplit split) {
        List<Split> pairs = new ArrayList<>();
        if (split.validation().length > 0) {
            pairs.add(split.trainValidation());
        }
        int[] trainVal = java.util.stream.IntStream.concat(Arrays.stream(split.train()),
                Arrays.stream(split.validation())).toArray();
        pairs.add(new Split(trainVal, split.test()));
        return check(samples, pairs);
    }

    /**
     * Fails when any finding is an error.
     *
     * @param findings findings from {@link #check}
     * @throws SplitException listing every error, when there is one
     */
    public static void throwOnErrors(List<Finding> findings) {
        List<String> errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).map(Finding::message)
                .toList();
        if (!errors.isEmpty()) {
            throw new SplitException("The splits are unusable:\n  " + String.join("\n  ", errors));
        }
    }

    private static void missingClasses(List<Finding> out, int s, String name, int[] y, int[] train, int[] test) {
        Set<Integer> all = new TreeSet<>();
        Arrays.stream(y).forEach(all::add);
        Set<Integer> inTrain = classes(y, train);
        Set<Integer> inTest = classes(y, test);
        Set<Integer> notTrained = new TreeSet<>(all);
        notTrained.removeAll(inTrain);
        Set<Integer> notTested = new TreeSet<>(all);
        notTested.removeAll(inTest);
        if (!notTrained.isEmpty()) {
            out.add(new Finding(Severity.ERROR, "missing_class", s, name + ": class(es) " + notTrained
                    + " never occur in the training part, so the model cannot learn them. Use StratifiedKFold or "
                    + "HoldOut with optStratify(true), or collect more samples of those classes."));
        }
        if (!notTested.isEmpty()) {
            out.add(new Finding(Severity.WARNING, "missing_class", s, name + ": class(es) " + notTested
                    + " are missing from the validation part, so its score says nothing about them. Use "
                    + "StratifiedKFold (or fewer folds) so every fold holds every class."));
        }
    }

    private static void sortedTail(List<Finding> out, int s, String name, int[] y, int[] train, int[] test) {
        int n = y.length;
        if (test.length == 0 || test.length >= n || !isTail(test, n) || !monotonic(y)
                || y[0] == y[n - 1]) {
            return;
        }
        Set<Integer> tailClasses = classes(y, test);
        Set<Integer> unseen = new TreeSet<>(tailClasses);
        unseen.removeAll(classes(y, train));
        String msg = name + ": the validation part is the last " + test.length + " rows and the labels are sorted, "
                + "so it holds only class(es) " + tailClasses + (unseen.isEmpty() ? "" : ", " + unseen
                + " never seen in training") + " (Keras' validation_split takes the last rows before any "
                + "shuffling). Shuffle before splitting (HoldOut.builder().optShuffle(true).optSeed(..)) or "
                + "stratify.";
        out.add(new Finding(unseen.isEmpty() ? Severity.WARNING : Severity.ERROR, "sorted_tail", s, msg));
    }

    private static void groupLeak(List<Finding> out, int s, String name, int[] g, int[] train, int[] test) {
        Set<Integer> shared = classes(g, train);
        shared.retainAll(classes(g, test));
        if (!shared.isEmpty()) {
            List<Integer> some = shared.stream().limit(10).toList();
            out.add(new Finding(Severity.ERROR, "group_leak", s, name + ": " + shared.size() + " group(s) appear "
                    + "in both training and validation (e.g. " + some + "), so the score rewards memorizing them. "
                    + "Use GroupKFold or StratifiedGroupKFold."));
        }
    }

    private void duplicates(List<Finding> out, int s, String name, Map<Long, List<Integer>> byHash, int[] train,
                            int[] test) {
        boolean[] isTrain = new boolean[features.length];
        for (int i : train) {
            isTrain[i] = true;
        }
        int copies = 0;
        int example = -1;
        int exampleTwin = -1;
        for (int t : test) {
            for (int other : byHash.get(rowHash(features[t]))) {
                if (isTrain[other] && sameRow(features[other], features[t])) {
                    copies++;
                    if (example < 0) {
                        example = t;
                        exampleTwin = other;
                    }
                    break;
                }
            }
        }
        if (copies > 0) {
            out.add(new Finding(Severity.WARNING, "duplicate_leak", s, name + ": " + copies + " of " + test.length
                    + " validation rows have an identical row in training (e.g. row " + example + " = row "
                    + exampleTwin + "), which makes the score optimistic. Remove duplicates before splitting, or "
                    + "keep copies together with GroupKFold (one group per distinct row)."));
        }
    }

    private void batches(List<Finding> out, int s, String name, int trainSize) {
        if (trainSize < batchSize) {
            out.add(new Finding(Severity.WARNING, "small_fold", s, name + ": " + trainSize + " training samples "
                    + "are fewer than batch_size=" + batchSize + ", so every epoch is one smaller batch (fewer "
                    + "updates, noisier BatchNorm statistics). Use batch_size <= " + trainSize + " or fewer folds."));
        }
        if (batchNorm && !dropLast && trainSize % batchSize == 1) {
            out.add(new Finding(Severity.ERROR, "last_batch_of_one", s, name + ": " + trainSize + " training "
                    + "samples with batch_size=" + batchSize + " leave a last batch of 1 sample; BatchNorm in "
                    + "training mode fails on it (PyTorch: 'Expected more than 1 value per channel when "
                    + "training'). Drop the last incomplete batch or pick a batch size that does not leave 1."));
        }
    }

    private Map<Long, List<Integer>> hashRows(int n) {
        if (features.length != n) {
            throw new SplitException("SplitChecks got " + features.length + " feature rows for " + n + " samples; "
                    + "pass the same data set's features");
        }
        Map<Long, List<Integer>> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            m.computeIfAbsent(rowHash(features[i]), k -> new ArrayList<>()).add(i);
        }
        return m;
    }

    /** 64-bit FNV-1a over the float bits; equal rows hash equal, collisions are resolved by comparing rows. */
    private static long rowHash(float[] row) {
        long h = 0xcbf29ce484222325L;
        for (float v : row) {
            h ^= Float.floatToIntBits(v == 0f ? 0f : v);   // -0.0 hashes like 0.0; all NaNs share one bit pattern
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Numerically equal rows (-0.0 equals 0.0; NaN equals NaN, as a missing value copied twice). */
    private static boolean sameRow(float[] a, float[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i] && !(Float.isNaN(a[i]) && Float.isNaN(b[i]))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTail(int[] test, int n) {
        int[] sorted = test.clone();
        Arrays.sort(sorted);
        return sorted[0] == n - sorted.length && sorted[sorted.length - 1] == n - 1;
    }

    private static boolean monotonic(int[] y) {
        boolean up = true;
        boolean down = true;
        for (int i = 1; i < y.length; i++) {
            up &= y[i] >= y[i - 1];
            down &= y[i] <= y[i - 1];
        }
        return up || down;
    }

    private static Set<Integer> classes(int[] y, int[] rows) {
        Set<Integer> s = new LinkedHashSet<>();
        for (int r : rows) {
            s.add(y[r]);
        }
        return new TreeSet<>(s);
    }

    /** Settings of {@link SplitChecks}. */
    public static final class Builder {
        private float[][] features;
        private int batchSize;
        private boolean batchNorm;
        private boolean dropLast;

        private Builder() {
        }

        /**
         * {@return this}
         *
         * @param x feature rows, to find identical samples on both sides; default not checked
         */
        public Builder optFeatures(float[][] x) {
            this.features = x;
            return this;
        }

        /**
         * {@return this}
         *
         * @param size the training batch size; default not checked
         * @param hasBatchNorm whether the model has BatchNorm layers (a last batch of 1 then fails)
         * @param dropLastBatch whether the loader drops the last incomplete batch
         */
        public Builder optBatches(int size, boolean hasBatchNorm, boolean dropLastBatch) {
            if (size < 1) {
                throw new IllegalArgumentException("batch_size must be >= 1, got " + size);
            }
            this.batchSize = size;
            this.batchNorm = hasBatchNorm;
            this.dropLast = dropLastBatch;
            return this;
        }

        /** {@return the checks} */
        public SplitChecks build() {
            return new SplitChecks(this);
        }
    }
}
