package dev.nn.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The rules nn's readers apply to labels that number classes {@code 0..K-1} (IDX label files, CSV files read with
 * {@link CsvReader.Builder#optClassIndices(boolean)}):
 *
 * <ul>
 * <li>Every label is an integer {@code >= 0} below the class limit, {@link #DEFAULT_MAX_CLASSES} (65,536) unless
 *     raised ({@code optMaxClasses}; {@code --max-classes} on the nn command line). Otherwise the reader fails,
 *     naming the label and where it is (IDX record index, CSV {@code file:line:column}): one corrupt label of 100000
 *     would build a 100,001-way model that runs out of memory after training.</li>
 * <li>The class count is the largest label + 1, so classes below it without samples are empty. When there are more
 *     than {@value #FEW} empty classes and more than there are classes with samples, the labels are not a
 *     numbering of classes (a corrupt byte, the wrong file or column, ids such as 100 and 200): the reader fails,
 *     e.g. {@code labels 0..9 and 200: classes 10..199 have no samples (label 200 is at record 17)}.</li>
 * <li>Fewer empty classes are read: 1-based labels {@code 1..K}, a small file or a split that lacks some classes
 *     cost one model output each that is never the answer. {@link #emptyClasses(int[])} describes them for a
 *     warning, which {@code nn train} and {@code nn cv} print.</li>
 * </ul>
 */
public final class ClassIndices {
    /** The default limit on the number of classes: labels must be below it. */
    public static final int DEFAULT_MAX_CLASSES = 65_536;

    /** Up to this many empty classes are only worth a warning, whatever the number of classes with samples. */
    static final int FEW = 10;

    /** Ranges a message lists before it says how many more there are. */
    private static final int LISTED = 6;

    private ClassIndices() {
    }

    /**
     * @param value a label as read
     * @param what where it is and how it reads, e.g. {@code t10k-labels record 17: label 200}
     * @param maxClasses labels must be below this
     * @param fix what a label that is not an integer should be, e.g. {@code number the classes 0, 1, 2, ...}
     * @return the class index
     * @throws DataException when the label is not an integer in {@code [0, maxClasses)}
     */
    static int index(double value, String what, int maxClasses, String fix) {
        if (!(value >= 0) || value != Math.rint(value)) {
            throw new DataException(what + " is not a class index (an integer >= 0); " + fix);
        }
        if (value >= maxClasses) {
            throw new DataException(what + " is above the limit of " + maxClasses + " classes (labels 0.."
                    + (maxClasses - 1) + "); a label this large is a corrupt or wrong file, or if the data really "
                    + "has that many classes raise the limit (optMaxClasses; nn: --max-classes)");
        }
        return (int) value;
    }

    /**
     * @param value a label
     * @return it as written in a message: integers without a fraction ({@code 3000000000}), others as Java prints them
     */
    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e18 ? Long.toString((long) value)
                : Double.toString(value);
    }

    /**
     * Refuses labels that leave more than {@value #FEW} classes empty and more classes empty than they fill.
     *
     * @param classes class indices, one per sample
     * @param source the file (and column) for the message
     * @param place where sample {@code i} is, e.g. {@code record 17} or {@code data.csv:5:7}
     * @param fix what to do, e.g. {@code check it, or renumber the classes 0..K-1}
     * @throws DataException when there are more than {@value #FEW} empty classes and more than classes with samples
     */
    static void refuseMostlyEmpty(int[] classes, String source, IntFunction<String> place, String fix) {
        int[] present = distinct(classes);
        if (present.length == 0) {
            return;
        }
        int max = present[present.length - 1];
        int empty = max + 1 - present.length;
        if (empty <= FEW || empty <= present.length) {
            return;
        }
        int at = 0;
        while (classes[at] != max) {
            at++;
        }
        throw new DataException(source + ": " + describe(present) + " (label " + max + " is at " + place.apply(at)
                + "); " + fix);
    }

    /**
     * {@return a description of the classes below the largest label that have no samples, e.g. {@code labels 1..3:
     * class 0 has no samples}, or empty when every class has samples}
     *
     * @param classes class indices {@code >= 0}, one per sample
     */
    public static Optional<String> emptyClasses(int[] classes) {
        int[] present = distinct(classes);
        if (present.length == 0 || present[present.length - 1] + 1 == present.length) {
            return Optional.empty();
        }
        return Optional.of(describe(present));
    }

    private static int[] distinct(int[] classes) {
        return Arrays.stream(classes).sorted().distinct().toArray();
    }

    /** {@code labels 0..9 and 200: classes 10..199 have no samples}, from the sorted distinct labels. */
    private static String describe(int[] present) {
        List<String> full = new ArrayList<>();
        List<String> gaps = new ArrayList<>();
        int emptyCount = 0;
        int next = 0;
        for (int i = 0; i < present.length; ) {
            int j = i;
            while (j + 1 < present.length && present[j + 1] == present[j] + 1) {
                j++;
            }
            if (present[i] > next) {
                addRange(gaps, next, present[i] - 1);
                emptyCount += present[i] - next;
            }
            addRange(full, present[i], present[j]);
            next = present[j] + 1;
            i = j + 1;
        }
        return (present.length == 1 ? "label " : "labels ") + list(full) + ": "
                + (emptyCount == 1 ? "class " + list(gaps) + " has" : "classes " + list(gaps) + " have")
                + " no samples";
    }

    /** One value, two values, or {@code a..b} for three or more in a row. */
    private static void addRange(List<String> items, int from, int to) {
        if (to - from >= 2) {
            items.add(from + ".." + to);
        } else {
            for (int v = from; v <= to; v++) {
                items.add(Integer.toString(v));
            }
        }
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}; long lists end with how many more there are. */
    private static String list(List<String> items) {
        if (items.size() > LISTED + 2) {
            return String.join(", ", items.subList(0, LISTED)) + " and " + (items.size() - LISTED) + " more";
        }
        if (items.size() == 1) {
            return items.getFirst();
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.getLast();
    }
}
