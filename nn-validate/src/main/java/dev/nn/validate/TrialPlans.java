package dev.nn.validate;

import dev.nn.api.NnException;
import dev.nn.validate.trial.Trial;
import dev.nn.validate.trial.TrialResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * @throws NnException when fits failed with nn's own errors (bad input: a recipe that does not fit the data),
     *                     naming the failed folds and the errors
     * @throws IllegalStateException when any failed with another error (a bug or the machine), the same way
     */
    static List<FoldResult> folds(List<TrialResult> results, String what) {
        List<TrialResult> failed = results.stream().filter(TrialResult::failed).toList();
        if (failed.isEmpty()) {
            return results.stream().map(TrialResult::toFoldResult).toList();
        }
        String message = what + ": " + describe(failed, results.size());
        if (failed.stream().allMatch(r -> nnError(r.error()))) {
            throw new NnException(message);
        }
        throw new IllegalStateException(message);
    }

    /** @return the failures grouped by error, e.g. "folds 1, 3 of 5 failed: message" (folds counted from 1) */
    static String describe(List<TrialResult> failed, int total) {
        Map<TrialResult.TrialError, List<Integer>> byError = new LinkedHashMap<>();
        for (TrialResult r : failed) {
            byError.computeIfAbsent(r.error(), e -> new ArrayList<>()).add(r.fold() + 1);
        }
        List<String> parts = new ArrayList<>();
        byError.forEach((error, folds) -> parts.add((folds.size() == 1 ? "fold " : "folds ")
                + String.join(", ", folds.stream().map(String::valueOf).toList()) + " of " + total + " failed: "
                + (nnError(error) ? error.message() : error.toString())));
        return String.join("; ", parts);
    }

    /** @return whether the error is one of nn's own (its message says what to fix), as far as this JVM knows it */
    private static boolean nnError(TrialResult.TrialError error) {
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> type = Class.forName(error.type(), false, loader != null ? loader
                    : NnException.class.getClassLoader());
            return NnException.class.isAssignableFrom(type);
        } catch (ClassNotFoundException | LinkageError notHere) {
            return false;
        }
    }
}
