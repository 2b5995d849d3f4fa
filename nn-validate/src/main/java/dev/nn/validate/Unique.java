package dev.nn.validate;

import java.util.Arrays;

/** numpy's {@code np.unique(a, return_inverse=True, return_counts=True)} for integer arrays. */
record Unique(int[] values, int[] inverse, int[] counts) {
    static Unique of(int[] a) {
        int[] values = Arrays.stream(a).distinct().sorted().toArray();
        int[] inverse = new int[a.length];
        int[] counts = new int[values.length];
        for (int i = 0; i < a.length; i++) {
            inverse[i] = Arrays.binarySearch(values, a[i]);
            counts[inverse[i]]++;
        }
        return new Unique(values, inverse, counts);
    }
}
