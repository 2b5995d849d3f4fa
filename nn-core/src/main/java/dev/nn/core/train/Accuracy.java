package dev.nn.core.train;

import dev.nn.api.tensor.Tensor;

/** Counts arg-max hits of a classifier's output. */
final class Accuracy {
    private Accuracy() {
    }

    /**
     * @param out model output {@code (N, C)}
     * @param labels N class indices
     * @return how many rows' first maximal column equals the label, or -1 when the output is not {@code (N, C >= 2)}
     */
    static int correct(Tensor out, float[] labels) {
        if (out.shape().rank() != 2 || out.shape().dim(1) < 2 || out.shape().dim(0) != labels.length) {
            return -1;
        }
        int cols = out.shape().dim(1);
        float[] v = out.toArray();
        int hits = 0;
        for (int r = 0; r < labels.length; r++) {
            int best = 0;
            for (int c = 1; c < cols; c++) {
                if (v[r * cols + c] > v[r * cols + best]) {
                    best = c;
                }
            }
            hits += best == labels[r] ? 1 : 0;
        }
        return hits;
    }
}
