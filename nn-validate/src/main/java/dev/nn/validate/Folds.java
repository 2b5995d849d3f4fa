package dev.nn.validate;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** What scikit-learn's {@code _BaseKFold} shares: argument checks, fold masks to splits, shuffling. */
final class Folds {
    private static final System.Logger LOG = System.getLogger("dev.nn.validate");

    private Folds() {
    }

    /** sklearn {@code _BaseKFold.__init__}: at least two folds; a seed only with shuffling. */
    static void checkConfig(int nSplits, boolean shuffle, Long seed) {
        if (nSplits <= 1) {
            throw new SplitException("k-fold cross-validation requires at least one train/test split by setting "
                    + "n_splits=2 or more, got n_splits=" + nSplits + ".");
        }
        checkSeed(shuffle, seed);
    }

    /** A seed without shuffling would be silently ignored: refuse it, as scikit-learn does. */
    static void checkSeed(boolean shuffle, Long seed) {
        if (!shuffle && seed != null) {
            throw new SplitException("Setting a random_state has no effect since shuffle is False. You should "
                    + "leave random_state to its default (None), or set shuffle=True. (Here: drop the seed "
                    + seed + " or pass shuffle=true.)");
        }
    }

    /** Shuffling needs a seed here: nn draws every random number from a generator made from one seed. */
    static RandomGenerator generator(boolean shuffle, Long seed, String who) {
        if (!shuffle) {
            return null;
        }
        if (seed == null) {
            throw new SplitException(who + " with shuffle=true needs a seed so the splits can be reproduced; "
                    + "pass one, e.g. new " + who + "(5, true, 42L)");
        }
        return new SplittableRandom(seed);
    }

    /** sklearn {@code _BaseKFold.split}: more folds than samples is an error. */
    static void checkSamples(int nSplits, int n) {
        if (nSplits > n) {
            throw new SplitException("Cannot have number of splits n_splits=" + nSplits + " greater than the "
                    + "number of samples: n_samples=" + n + ". Use n_splits <= " + n + " (or LeaveOneOut).");
        }
    }

    /**
     * @param foldOf the test fold of every sample
     * @return one split per fold, indices ascending (sklearn masks)
     */
    static List<Split> fromAssignment(int[] foldOf, int nSplits) {
        List<Split> out = new ArrayList<>(nSplits);
        for (int f = 0; f < nSplits; f++) {
            out.add(fromTestMask(foldOf, f));
        }
        return out;
    }

    private static Split fromTestMask(int[] foldOf, int fold) {
        int nTest = 0;
        for (int v : foldOf) {
            if (v == fold) {
                nTest++;
            }
        }
        int[] test = new int[nTest];
        int[] train = new int[foldOf.length - nTest];
        int t = 0;
        int r = 0;
        for (int i = 0; i < foldOf.length; i++) {
            if (foldOf[i] == fold) {
                test[t++] = i;
            } else {
                train[r++] = i;
            }
        }
        return new Split(train, test);
    }

    /** Fisher-Yates shuffle in place. */
    static void shuffle(int[] a, RandomGenerator rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    /** @return 0..n-1 */
    static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** @return indices from..to-1 */
    static int[] range(int from, int to) {
        int[] a = new int[Math.max(0, to - from)];
        for (int i = 0; i < a.length; i++) {
            a[i] = from + i;
        }
        return a;
    }

    /** Logs a warning and adds it to the list. */
    static void warn(List<String> warnings, String text) {
        LOG.log(Level.WARNING, text);
        warnings.add(text);
    }
}
