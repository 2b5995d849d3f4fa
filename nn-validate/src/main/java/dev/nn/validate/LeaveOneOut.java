package dev.nn.validate;

import java.util.ArrayList;
import java.util.List;

/** scikit-learn's {@code LeaveOneOut}: n splits, each testing on one sample, in index order. */
public final class LeaveOneOut implements Splitter {
    /** Creates the splitter (it has no settings). */
    public LeaveOneOut() {
    }

    @Override
    public SplitPlan split(Samples samples) {
        int n = samples.count();
        if (n <= 1) {
            throw new SplitException("Cannot perform LeaveOneOut with n_samples=" + n + ". It needs at least 2 "
                    + "samples.");
        }
        List<Split> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] train = new int[n - 1];
            for (int j = 0, k = 0; j < n; j++) {
                if (j != i) {
                    train[k++] = j;
                }
            }
            out.add(new Split(train, new int[] {i}));
        }
        return new SplitPlan(out, List.of());
    }

    @Override
    public String describe() {
        return "LeaveOneOut()";
    }

    @Override
    public String toString() {
        return describe();
    }
}
