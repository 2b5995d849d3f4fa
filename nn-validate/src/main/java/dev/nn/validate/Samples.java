package dev.nn.validate;

import java.util.Arrays;

/**
 * What a splitter needs to know about a data set: the number of samples and, where the splitter uses them, one
 * class label and one group id per sample. Labels and groups are arbitrary integers (not necessarily
 * {@code 0..k-1}).
 *
 * @param count the number of samples
 * @param labels class label per sample, or null
 * @param groups group id per sample (patient, session, source file), or null
 */
public record Samples(int count, int[] labels, int[] groups) {
    /**
     * Checks that the arrays, when given, have one entry per sample.
     *
     * @throws SplitException when the count is negative or labels/groups have another length
     */
    public Samples {
        if (count < 0) {
            throw new SplitException("The number of samples must be >= 0, got " + count);
        }
        if (labels != null && labels.length != count) {
            throw new SplitException("Found input variables with inconsistent numbers of samples: [" + count + ", "
                    + labels.length + "]: give one label per sample");
        }
        if (groups != null && groups.length != count) {
            throw new SplitException("Found input variables with inconsistent numbers of samples: [" + count + ", "
                    + groups.length + "]: give one group id per sample");
        }
        labels = labels == null ? null : labels.clone();
        groups = groups == null ? null : groups.clone();
    }

    /**
     * {@return unlabeled samples}
     *
     * @param count the number of samples
     */
    public static Samples of(int count) {
        return new Samples(count, null, null);
    }

    /**
     * {@return labeled samples}
     *
     * @param labels one class label per sample
     */
    public static Samples labeled(int[] labels) {
        return new Samples(labels.length, labels, null);
    }

    /**
     * {@return grouped samples without labels}
     *
     * @param groups one group id per sample
     */
    public static Samples grouped(int[] groups) {
        return new Samples(groups.length, null, groups);
    }

    /**
     * {@return these samples with groups}
     *
     * @param groupIds one group id per sample
     */
    public Samples withGroups(int[] groupIds) {
        return new Samples(count, labels, groupIds);
    }

    /**
     * {@return the samples at those positions (labels and groups follow)}
     *
     * @param rows positions to keep, in this order
     */
    public Samples subset(int[] rows) {
        int[] l = labels == null ? null : new int[rows.length];
        int[] g = groups == null ? null : new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (l != null) {
                l[i] = labels[rows[i]];
            }
            if (g != null) {
                g[i] = groups[rows[i]];
            }
        }
        return new Samples(rows.length, l, g);
    }

    /** {@return a copy of the labels, or null} */
    @Override
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    /** {@return a copy of the groups, or null} */
    @Override
    public int[] groups() {
        return groups == null ? null : groups.clone();
    }

    /**
     * @param who the splitter, for the message
     * @return the labels
     * @throws SplitException when absent
     */
    int[] requireLabels(String who) {
        if (labels == null) {
            throw new SplitException(who + " needs class labels: the 'y' parameter should not be None. "
                    + "Create the samples with Samples.labeled(y)");
        }
        return labels;
    }

    /**
     * @param who the splitter, for the message
     * @return the groups
     * @throws SplitException when absent
     */
    int[] requireGroups(String who) {
        if (groups == null) {
            throw new SplitException("The 'groups' parameter should not be None. " + who
                    + " needs one group id per sample: use Samples.withGroups(groups)");
        }
        return groups;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Samples s && s.count == count && Arrays.equals(s.labels, labels)
                && Arrays.equals(s.groups, groups);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * count + Arrays.hashCode(labels)) + Arrays.hashCode(groups);
    }

    @Override
    public String toString() {
        return "Samples[count=" + count + (labels != null ? ", labeled" : "") + (groups != null ? ", grouped" : "")
                + "]";
    }
}
