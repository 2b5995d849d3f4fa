package dev.nn.validate;

import java.util.List;

/**
 * The splits a {@link Splitter} made and the warnings scikit-learn would have raised for the same input (for
 * example a class with fewer members than folds). Warnings are also logged.
 *
 * @param splits the folds in order
 * @param warnings warning texts, empty when none
 */
public record SplitPlan(List<Split> splits, List<String> warnings) {
    /** Copies the lists. */
    public SplitPlan {
        splits = List.copyOf(splits);
        warnings = List.copyOf(warnings);
    }

    /** {@return the number of splits} */
    public int size() {
        return splits.size();
    }

    /**
     * {@return its split}
     *
     * @param i the fold
     */
    public Split get(int i) {
        return splits.get(i);
    }
}
