package dev.nn.validate;

import dev.nn.api.NnException;
import dev.nn.validate.trial.Trial;
import dev.nn.validate.trial.TrialResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The steps every validation shares: fold seeds in plan order, trials from folds, results back into folds. */
final class TrialPlans {
    private TrialPlans() {
    }

    /** Fold seeds drawn in fold order from {@code seed} before any fold runs. */
    static List<FoldContext> contexts(List<Split> splits, long seed) {
        SplittableRandom master = new SplittableRandom(seed);
        List<FoldContext> jobs = new ArrayList<>();
        for (int i = 0; i < splits.size(); i++) {
            jobs.add(new FoldContext(i, splits.get(i).train(), splits.get(i).test(), master.nextLong()));
        }
        return jobs;
    }

    /**
     * @param candidate the configuration every trial trains
     * @param folds the folds, in plan order
     * @param first the index of the first trial
     * @return one trial per fold, numbered from {@code first}
     */
    static List<Trial> trials(int candidate, List<FoldContext> folds, int first) {
        List<Trial> out = new ArrayList<>();
        for (int i = 0; i < folds.size(); i++) {
            out.add(new Trial(first + i, candidate, folds.get(i)));
        }
        return out;
    }

    /**
     * @param results trial results, in plan order
     * @param what the run, for the message (e.g. "Cross-validation")
     * @return the results as folds
     * @throws NnException naming every failed trial and its error, when any failed
     */
    static List<FoldResult> folds(List<TrialResult> results, String what) {
        List<TrialResult> failed = results.stream().filter(TrialResult::failed).toList();
        if (!failed.isEmpty()) {
            throw new NnException(what + ": " + failed.size() + " of " + results.size() + " fits failed: "
                    + describe(failed) + ". Fix the cause; the other fits' results are not shown because an "
                    + "estimate over fewer folds would not be comparable");
        }
        return results.stream().map(TrialResult::toFoldResult).toList();
    }

    /** @return each failed trial as "fold F: Type: message", joined */
    static String describe(List<TrialResult> failed) {
        List<String> parts = new ArrayList<>();
        for (TrialResult r : failed) {
            parts.add("fold " + r.fold() + " (trial " + r.index() + "): " + r.error());
        }
        return String.join("; ", parts);
    }
}
