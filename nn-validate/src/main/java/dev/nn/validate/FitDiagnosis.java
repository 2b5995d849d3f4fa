package dev.nn.validate;

import dev.nn.core.train.Divergence;
import dev.nn.core.train.TextTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides from training and validation error whether a model under-fits, over-fits, fits well, has not converged
 * or trains unstably, and says why (the numbers) and what to do. The rules, checked in this order:
 * <ol>
 *   <li>UNSTABLE (diverged): the run diverged ({@link Builder#optDivergence}, from the trainer's NaN guard), a loss
 *       is NaN/infinite, or the training loss exploded: above {@code explodeFactor} (default 10) times the trivial
 *       baseline, above the baseline and still rising, or (without a baseline) {@code explodeFactor} times its
 *       first epoch's value.</li>
 *   <li>UNSTABLE (oscillating): in the last half of at least 8 epochs the training loss rises in more than 40% of
 *       the steps and swings by more than 50% of its median, or it ended above twice its minimum; either change
 *       must also exceed 5% of the trivial baseline (or the target loss), so a loss wobbling near zero (0.016 to
 *       0.036 against a baseline of 2.3) is not called unstable.</li>
 *   <li>NOT_CONVERGED (too short to tell): the run was interrupted ({@link Builder#optInterrupted}), or fewer than
 *       {@code minEpochs} (default 5) epochs ran and no early stopping ended it: neither a plateau nor a trend can
 *       be seen yet. Only a validation/training gap already beyond the threshold (OVERFITTING) overrides it.</li>
 *   <li>NOT_CONVERGED (still learning): the training loss still fell by more than {@code convergenceDrop} (default
 *       5%) over the last fifth of the epochs, the validation loss is not rising, and (when a target is known) the
 *       training loss is still above 1.5 times the target.</li>
 *   <li>UNDERFITTING (high bias): the training loss is above {@code underfitFactor} (default 3) times the target
 *       loss (the noise level or best reachable error, when known), or above {@code underfitBaselineFraction}
 *       (default 0.25) of a trivial baseline's loss (predicting the mean or the majority class) when no target is
 *       known. A model that cannot fit the data it sees is under-fitting whatever its validation error.</li>
 *   <li>OVERFITTING (high variance): the validation loss exceeds {@code gapRatio} (default 2) times the training
 *       loss by more than the target (or 5% of the baseline); or, for the kept last epoch, the validation loss has
 *       risen since its minimum while the training loss kept falling: by more than 20%, or steadily (in at least
 *       two thirds of at least two epochs since the minimum) by more than {@code valRise} (default 2%), whatever
 *       the ratio.</li>
 *   <li>UNSTABLE also when none of the above holds but cross-validation folds disagree (coefficient of variation
 *       of the validation loss above {@code foldCv}, default 0.5): the mean cannot be trusted.</li>
 *   <li>GOOD_FIT otherwise; a ratio within {@code borderline} (default 10%) below the gap threshold is reported as
 *       borderline.</li>
 * </ol>
 * Remedies follow the {@link TrainingSetup} when one is given (the optimizer, learning rate and regularization in
 * use); epochs in the reasons are counted from 0, as in {@link FitHistory}.
 */
public final class FitDiagnosis {
    /** The verdict. */
    public enum Verdict {
        /** Training error itself is too high: the model is too simple or trained too little. */
        UNDERFITTING,
        /** Training error is low but validation error much higher, or rising while training error falls. */
        OVERFITTING,
        /** Training error is low and validation error close to it. */
        GOOD_FIT,
        /** Training error was still falling when training ended, or the run was too short or interrupted. */
        NOT_CONVERGED,
        /** The loss diverged (NaN, infinite, exploding), oscillates, or folds disagree too much to judge. */
        UNSTABLE
    }

    /**
     * A verdict with its evidence and remedies.
     *
     * @param verdict the verdict
     * @param evidence the named numbers behind it
     * @param reasons sentences explaining the numbers
     * @param remedies what to try, most promising first
     */
    public record Diagnosis(Verdict verdict, Map<String, Double> evidence, List<String> reasons,
                            List<String> remedies) {
        /** Copies the collections. */
        public Diagnosis {
            evidence = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
            reasons = List.copyOf(reasons);
            remedies = List.copyOf(remedies);
        }

        /** {@return the text a person reads} */
        public String report() {
            StringBuilder sb = new StringBuilder("Diagnosis: ").append(verdict);
            evidence.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%n  %-22s %.6g", k, v)));
            reasons.forEach(r -> sb.append("\n  because ").append(r));
            remedies.forEach(r -> sb.append("\n  try: ").append(r));
            return sb.toString();
        }

        @Override
        public String toString() {
            return report();
        }
    }

    private final Double baselineLoss;
    private final Double targetLoss;
    private final double gapRatio;
    private final double underfitFactor;
    private final double underfitBaselineFraction;
    private final double convergenceDrop;
    private final double foldCv;
    private final double explodeFactor;
    private final int minEpochs;
    private final double valRise;
    private final double borderline;
    private final int plannedEpochs;
    private final boolean interrupted;
    private final Divergence divergence;
    private final Remedies remedies;

    private FitDiagnosis(Builder b) {
        this.baselineLoss = b.baselineLoss;
        this.targetLoss = b.targetLoss;
        this.gapRatio = b.gapRatio;
        this.underfitFactor = b.underfitFactor;
        this.underfitBaselineFraction = b.underfitBaselineFraction;
        this.convergenceDrop = b.convergenceDrop;
        this.foldCv = b.foldCv;
        this.explodeFactor = b.explodeFactor;
        this.minEpochs = b.minEpochs;
        this.valRise = b.valRise;
        this.borderline = b.borderline;
        this.plannedEpochs = b.plannedEpochs;
        this.interrupted = b.interrupted;
        this.divergence = b.divergence;
        this.remedies = new Remedies(b.setup);
    }

    /** {@return a builder with the default thresholds and no baseline or target} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The loss of predicting the training mean for every sample: mean squared deviation of the targets from it.
     *
     * @param trainTargets targets the baseline is fitted on
     * @param evalTargets targets it is scored on
     * @return the baseline's mean squared error
     */
    public static double meanPredictorMse(float[] trainTargets, float[] evalTargets) {
        double mean = 0;
        for (float t : trainTargets) {
            mean += t;
        }
        mean /= trainTargets.length;
        double s = 0;
        for (float t : evalTargets) {
            s += (t - mean) * (t - mean);
        }
        return s / evalTargets.length;
    }

    /**
     * The cross-entropy of predicting the training class frequencies for every sample (the trivial classifier's
     * loss; {@code ln k} for k balanced classes). A class absent from training gets the frequency of half a sample,
     * so the baseline stays finite.
     *
     * @param trainLabels labels the frequencies are taken from
     * @param evalLabels labels it is scored on
     * @return the baseline's mean cross-entropy in nats
     */
    public static double classPriorCrossEntropy(int[] trainLabels, int[] evalLabels) {
        Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (int y : trainLabels) {
            counts.merge(y, 1, Integer::sum);
        }
        double s = 0;
        for (int y : evalLabels) {
            s -= Math.log(counts.getOrDefault(y, 0) == 0 ? 0.5 / trainLabels.length
                    : (double) counts.get(y) / trainLabels.length);
        }
        return s / evalLabels.length;
    }

    /**
     * {@return the diagnosis}
     *
     * @param history one training run with {@code loss} and {@code val_loss}; it may have no epoch at all (a run
     *     that diverged or was interrupted in its first epoch)
     */
    public Diagnosis diagnose(FitHistory history) {
        if (history.epochs() == 0) {
            return noEpoch();
        }
        double[] train = history.series(FitHistory.LOSS);
        double[] val = history.series(FitHistory.VAL_LOSS);
        return decide(new Curve(train, val, history.finalEpoch(), history.last(FitHistory.LOSS),
                history.last(FitHistory.VAL_LOSS), null, true));
    }

    /**
     * Uses the per-epoch mean curves over folds, the folds' kept values and their spread.
     *
     * @param result a cross-validation
     * @return the diagnosis
     */
    public Diagnosis diagnose(CrossValidationResult result) {
        double[] train = result.meanCurve(FitHistory.LOSS);
        double[] val = result.meanCurve(FitHistory.VAL_LOSS);
        Estimate v = result.estimate(FitHistory.VAL_LOSS);
        int kept = result.folds().stream().allMatch(f -> f.history().finalEpoch() == f.history().epochs() - 1)
                ? train.length - 1 : -1;
        return decide(new Curve(train, val, kept, result.estimate(FitHistory.LOSS).mean(), v.mean(),
                v.std() / v.mean(), true));
    }

    /**
     * Judges the largest training size and adds the trend over sizes (does more data close the gap?). Uses the
     * median over folds at each size, so one validation set that happens to hold an outlier (for a polynomial: an
     * x beyond the training range) does not decide the verdict; means and spreads stay in the curve's report.
     *
     * @param curve a learning curve
     * @return the diagnosis
     */
    public Diagnosis diagnose(LearningCurveResult curve) {
        int[] sizes = curve.sizes();
        double[] t = curve.medians(FitHistory.LOSS);
        double[] v = curve.medians(FitHistory.VAL_LOSS);
        int last = sizes.length - 1;
        Diagnosis end = decide(Curve.point(t[last], v[last]));
        Map<String, Double> evidence = new LinkedHashMap<>(end.evidence());
        List<String> reasons = new ArrayList<>(end.reasons());
        List<String> remedies = new ArrayList<>(end.remedies());
        double firstRatio = v[0] / t[0];
        double lastRatio = v[last] / t[last];
        evidence.put("smallest_train_size", (double) sizes[0]);
        evidence.put("val_loss_at_smallest", v[0]);
        evidence.put("gap_ratio_at_smallest", firstRatio);
        evidence.put("largest_train_size", (double) sizes[last]);
        if (sizes.length > 1 && lastRatio < firstRatio && v[last] < v[0]) {
            reasons.add(String.format(Locale.ROOT, "more data helps: as the training set grew from %d to %d the "
                    + "validation loss fell from %.4g to %.4g and the validation/training ratio from %.3g to %.3g",
                    sizes[0], sizes[last], v[0], v[last], firstRatio, lastRatio));
            if (end.verdict() == Verdict.OVERFITTING) {
                remedies.addFirst("collect more data: the curve is still falling");
            }
        } else if (sizes.length > 1) {
            reasons.add(String.format(Locale.ROOT, "more data did not help: validation loss %.4g at %d samples vs "
                    + "%.4g at %d", v[0], sizes[0], v[last], sizes[last]));
            if (end.verdict() == Verdict.UNDERFITTING) {
                remedies.addFirst("increase model capacity rather than data: the curve has flattened");
            }
        }
        return new Diagnosis(end.verdict(), evidence, reasons, remedies);
    }

    /**
     * One verdict per training size of a learning curve (medians over folds), to see where over-fitting stops.
     *
     * @param curve a learning curve
     * @return the verdicts in size order
     */
    public List<Diagnosis> diagnoseEachSize(LearningCurveResult curve) {
        double[] t = curve.medians(FitHistory.LOSS);
        double[] v = curve.medians(FitHistory.VAL_LOSS);
        List<Diagnosis> out = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            Diagnosis d = decide(Curve.point(t[i], v[i]));
            Map<String, Double> ev = new LinkedHashMap<>();
            ev.put("train_size", (double) curve.sizes()[i]);
            ev.putAll(d.evidence());
            out.add(new Diagnosis(d.verdict(), ev, d.reasons(), d.remedies()));
        }
        return out;
    }

    /**
     * The learning curve judged size by size and as a whole, as the {@code nn experiment capacity} table shows it.
     *
     * <pre>
     * train size  train loss (median)  val loss (median)  val/train      verdict
     * --------------------------------------------------------------------------
     * 20                     0.009711             0.2087      21.49  OVERFITTING
     * 160                    0.008696            0.01246      1.433     GOOD_FIT
     * Diagnosis: GOOD_FIT
     *   ...
     * </pre>
     *
     * @param curve a learning curve
     * @return a table of {@link #diagnoseEachSize} (medians over folds and the verdict per training size), then
     *         the {@link Diagnosis#report() report} of {@link #diagnose(LearningCurveResult)}
     */
    public String reportEachSize(LearningCurveResult curve) {
        int[] sizes = curve.sizes();
        double[] t = curve.medians(FitHistory.LOSS);
        double[] v = curve.medians(FitHistory.VAL_LOSS);
        List<Diagnosis> each = diagnoseEachSize(curve);
        TextTable table = new TextTable("train size", "train loss (median)", "val loss (median)", "val/train",
                "verdict");
        for (int i = 0; i < sizes.length; i++) {
            table.row(sizes[i], t[i], v[i], v[i] / t[i], each.get(i).verdict());
        }
        return table + diagnose(curve).report();
    }

    /**
     * What is judged.
     *
     * @param t training loss per epoch
     * @param v validation loss per epoch
     * @param kept the kept epoch (-1 when unknown, e.g. averaged or early-stopped folds)
     * @param trainEnd training loss of the kept model
     * @param valEnd validation loss of the kept model
     * @param spread coefficient of variation of fold validation losses, or null
     * @param epochs whether t and v are curves over epochs (false: one point of a learning curve, where neither
     *     convergence nor run length applies)
     */
    private record Curve(double[] t, double[] v, int kept, double trainEnd, double valEnd, Double spread,
                         boolean epochs) {
        static Curve point(double train, double val) {
            return new Curve(new double[] {train}, new double[] {val}, -1, train, val, null, false);
        }
    }

    /** A run without a single finished epoch: diverged in it, or interrupted, or stopped by a callback. */
    private Diagnosis noEpoch() {
        Map<String, Double> ev = new LinkedHashMap<>();
        ev.put("epochs", 0.0);
        if (plannedEpochs > 0) {
            ev.put("planned_epochs", (double) plannedEpochs);
        }
        List<String> reasons = new ArrayList<>();
        if (divergence != null) {
            return diverged(ev, reasons);
        }
        reasons.add(interrupted ? "the run was interrupted before its first epoch finished: there is nothing to judge"
                : "training stopped before the first epoch finished: there is nothing to judge");
        return new Diagnosis(Verdict.NOT_CONVERGED, ev, reasons, remedies.tooShort(interrupted, 0, plannedEpochs,
                minEpochs));
    }

    private Diagnosis diverged(Map<String, Double> ev, List<String> reasons) {
        ev.put("diverged_epoch", (double) divergence.epoch());
        ev.put("diverged_step", (double) divergence.step());
        if (divergence.batch() > 0) {
            ev.put("diverged_batch", (double) divergence.batch());
        }
        reasons.add(divergence.describe());
        if (divergence.findings().size() > 1) {
            reasons.add("non-finite values also in " + String.join("; ", divergence.findings().subList(1,
                    divergence.findings().size())));
        }
        return new Diagnosis(Verdict.UNSTABLE, ev, reasons, remedies.diverged(true));
    }

    private Diagnosis decide(Curve c) {
        double[] t = c.t();
        double[] v = c.v();
        double trainEnd = c.trainEnd();
        double valEnd = c.valEnd();
        int kept = c.kept();
        Map<String, Double> ev = new LinkedHashMap<>();
        List<String> reasons = new ArrayList<>();
        ev.put("train_loss", trainEnd);
        ev.put("val_loss", valEnd);
        ev.put("gap", valEnd - trainEnd);
        ev.put("gap_ratio", valEnd / trainEnd);
        if (targetLoss != null) {
            ev.put("target_loss", targetLoss);
            ev.put("train_over_target", trainEnd / targetLoss);
        }
        if (baselineLoss != null) {
            ev.put("baseline_loss", baselineLoss);
            ev.put("val_over_baseline", valEnd / baselineLoss);
        }
        if (c.spread() != null) {
            ev.put("fold_val_loss_cv", c.spread());
        }
        int n = t.length;
        if (c.epochs()) {
            ev.put("epochs", (double) n);
            if (plannedEpochs > 0) {
                ev.put("planned_epochs", (double) plannedEpochs);
            }
        }
        // 1. diverged
        if (divergence != null) {
            return diverged(ev, reasons);
        }
        for (int e = 0; e < n; e++) {
            if (!Double.isFinite(t[e]) || !Double.isFinite(v[e])) {
                ev.put("first_bad_epoch", (double) e);
                reasons.add("the loss became " + (Double.isFinite(t[e]) ? v[e] : t[e]) + " at epoch " + e);
                return new Diagnosis(Verdict.UNSTABLE, ev, reasons, remedies.diverged(true));
            }
        }
        String exploded = exploded(t, ev);
        if (exploded != null) {
            reasons.add(exploded);
            reasons.add(String.format(Locale.ROOT, "validation loss %.4g: the weights are far from anything "
                    + "trained; neither the model's size nor the data is the problem", valEnd));
            return new Diagnosis(Verdict.UNSTABLE, ev, reasons, remedies.diverged(false));
        }
        // a change of the loss smaller than this is noise at the problem's scale (0 when the scale is unknown)
        double significant = targetLoss != null ? targetLoss : baselineLoss != null ? 0.05 * baselineLoss : 0;
        // 2. oscillating
        if (n >= 8) {
            double[] tail = Arrays.copyOfRange(t, n / 2, n);
            int rises = 0;
            for (int i = 1; i < tail.length; i++) {
                rises += tail[i] > tail[i - 1] ? 1 : 0;
            }
            double[] sorted = tail.clone();
            Arrays.sort(sorted);
            double swing = (sorted[sorted.length - 1] - sorted[0]) / sorted[sorted.length / 2];
            double minT = Arrays.stream(t).min().orElseThrow();
            ev.put("train_rises_in_last_half", (double) rises / (tail.length - 1));
            double range = sorted[sorted.length - 1] - sorted[0];
            boolean swinging = rises > 0.4 * (tail.length - 1) && swing > 0.5 && range > significant;
            if (swinging || (t[n - 1] > 2 * minT && t[n - 1] - minT > significant)) {
                reasons.add(String.format(Locale.ROOT, "the training loss oscillates or diverges: it rose in %d of "
                        + "the last %d epochs, swinging by %.0f%% of its median, and ended at %.4g vs its minimum "
                        + "%.4g", rises, tail.length - 1, 100 * swing, t[n - 1], minT));
                return new Diagnosis(Verdict.UNSTABLE, ev, reasons, remedies.oscillating());
            }
        }
        boolean bigGap = valEnd > gapRatio * trainEnd && valEnd - trainEnd > significant;
        // 3. too short to tell
        boolean stoppedEarly = plannedEpochs > 0 && n < plannedEpochs && !interrupted;
        if (c.epochs() && !bigGap && (interrupted || (n < minEpochs && !stoppedEarly))) {
            if (interrupted) {
                reasons.add(plannedEpochs > 0
                        ? String.format(Locale.ROOT, "the run was interrupted after %d of %d epochs: the loss curves "
                                + "stop where it was stopped, not where training would have settled", n, plannedEpochs)
                        : String.format(Locale.ROOT, "the run was interrupted after %d epochs: the loss curves stop "
                                + "where it was stopped, not where training would have settled", n));
            } else {
                reasons.add(String.format(Locale.ROOT, "only %d epoch%s ran, fewer than the %d it takes to see "
                        + "whether the loss has settled: too short to tell under-fitting from training that has "
                        + "only begun", n, n == 1 ? "" : "s", minEpochs));
            }
            reasons.add(String.format(Locale.ROOT, "so far: training loss %.4g%s, validation loss %.4g (ratio %.3g)",
                    trainEnd, baselineLoss != null ? String.format(Locale.ROOT, " (%.0f%% of the trivial baseline's "
                            + "%.4g)", 100 * trainEnd / baselineLoss, baselineLoss) : "", valEnd, valEnd / trainEnd));
            return new Diagnosis(Verdict.NOT_CONVERGED, ev, reasons, remedies.tooShort(interrupted, n, plannedEpochs,
                    minEpochs));
        }
        if (interrupted) {
            reasons.add(String.format(Locale.ROOT, "the run was interrupted after %d%s epochs", n,
                    plannedEpochs > 0 ? " of " + plannedEpochs : ""));
        }
        // 4. still learning
        double minV = Arrays.stream(v).min().orElseThrow();
        int minVEpoch = indexOf(v, minV);
        if (n >= 5 && (kept < 0 || kept == n - 1)) {
            int w = Math.max(2, n / 5);
            double drop = (t[n - 1 - w] - t[n - 1]) / Math.abs(t[n - 1]);
            ev.put("train_drop_last_fifth", drop);
            boolean stillAboveTarget = targetLoss == null || t[n - 1] > 1.5 * targetLoss;
            if (drop > convergenceDrop && stillAboveTarget && v[n - 1] <= 1.05 * minV) {
                reasons.add(String.format(Locale.ROOT, "the training loss was still falling: %.1f%% over the last "
                        + "%d epochs (%.4g -> %.4g), and the validation loss with it", 100 * drop, w,
                        t[n - 1 - w], t[n - 1]));
                return new Diagnosis(Verdict.NOT_CONVERGED, ev, reasons, remedies.stillLearning());
            }
        }
        // 5. under-fitting
        boolean highBias;
        if (targetLoss != null) {
            highBias = trainEnd > underfitFactor * targetLoss;
            if (highBias) {
                reasons.add(String.format(Locale.ROOT, "the training loss %.4g is %.3g times the reachable %.4g: "
                        + "the model cannot even fit the data it is trained on", trainEnd, trainEnd / targetLoss,
                        targetLoss));
            }
        } else {
            highBias = baselineLoss != null && trainEnd > underfitBaselineFraction * baselineLoss;
            if (highBias) {
                reasons.add(String.format(Locale.ROOT, "the training loss %.4g is %.0f%% of the trivial baseline's "
                        + "%.4g: the model explains little even of its training data", trainEnd,
                        100 * trainEnd / baselineLoss, baselineLoss));
            }
        }
        if (highBias) {
            reasons.add(String.format(Locale.ROOT, "validation loss %.4g, gap %.4g (ratio %.3g)", valEnd,
                    valEnd - trainEnd, valEnd / trainEnd));
            return new Diagnosis(Verdict.UNDERFITTING, ev, reasons, remedies.underfitting());
        }
        // 6. over-fitting: a gap beyond the threshold, or a validation loss that turned up while training fell
        boolean lastKept = c.epochs() && kept == n - 1;
        boolean valRose = lastKept && n >= 5 && v[n - 1] > 1.2 * minV && minVEpoch < n - 1 - Math.max(1, n / 10)
                && t[n - 1] < t[minVEpoch];
        int since = n - 1 - minVEpoch;
        int valRises = 0;
        for (int e = minVEpoch + 1; e < n; e++) {
            valRises += v[e] > v[e - 1] ? 1 : 0;
        }
        boolean valTrend = lastKept && since >= 2 && 3 * valRises >= 2 * since && v[n - 1] > (1 + valRise) * minV
                && t[n - 1] < t[minVEpoch];
        if (bigGap || valRose || valTrend) {
            if (bigGap) {
                reasons.add(String.format(Locale.ROOT, "the validation loss %.4g is %.3g times the training loss "
                        + "%.4g (gap %.4g): the model fits its training data much better than new data", valEnd,
                        valEnd / trainEnd, trainEnd, valEnd - trainEnd));
                if (c.epochs() && n < minEpochs) {
                    reasons.add(String.format(Locale.ROOT, "this shows after only %d epoch%s; more epochs would "
                            + "widen the gap", n, n == 1 ? "" : "s"));
                }
            }
            if (valRose || valTrend) {
                ev.put("val_min", minV);
                ev.put("val_min_epoch", (double) minVEpoch);
                ev.put("val_rising_epochs", (double) valRises);
                reasons.add(String.format(Locale.ROOT, "the validation loss rose %.1f%% from its minimum %.4g at "
                        + "epoch %d, in %d of the %d epochs since, while the training loss kept falling (%.4g -> "
                        + "%.4g)", 100 * (v[n - 1] / minV - 1), minV, minVEpoch, valRises, since, t[minVEpoch],
                        t[n - 1]));
                if (!bigGap) {
                    reasons.add(String.format(Locale.ROOT, "the validation/training ratio %s is %s the threshold "
                            + "%s, but the curves already part", ratio(valEnd / trainEnd),
                            valEnd / trainEnd >= (1 - borderline) * gapRatio ? "just under" : "under",
                            ratio(gapRatio)));
                }
            }
            if (c.spread() != null && c.spread() > foldCv) {
                reasons.add(String.format(Locale.ROOT, "the folds disagree as well (validation loss varies by %.0f%%"
                        + " across folds), another sign of high variance", 100 * c.spread()));
            }
            return new Diagnosis(Verdict.OVERFITTING, ev, reasons,
                    remedies.overfitting(valRose || valTrend ? minVEpoch : -1));
        }
        if (c.spread() != null && c.spread() > foldCv) {
            reasons.add(String.format(Locale.ROOT, "the folds disagree: the validation loss varies by %.0f%% "
                    + "(coefficient of variation) across folds, so the mean is not a reliable estimate",
                    100 * c.spread()));
            return new Diagnosis(Verdict.UNSTABLE, ev, reasons, remedies.foldsDisagree());
        }
        // 7. good fit
        reasons.add(String.format(Locale.ROOT, "training loss %.4g%s and validation loss %.4g are close (ratio "
                + "%.3g)", trainEnd, targetLoss != null ? String.format(Locale.ROOT, " (%.3g times the reachable "
                + "%.4g)", trainEnd / targetLoss, targetLoss) : "", valEnd, valEnd / trainEnd));
        boolean nearThreshold = valEnd >= (1 - borderline) * gapRatio * trainEnd && valEnd - trainEnd > significant;
        if (nearThreshold) {
            ev.put("gap_ratio_threshold", gapRatio);
            reasons.add(String.format(Locale.ROOT, "borderline: the ratio %s is within %.0f%% of the over-fitting "
                    + "threshold %s; another split or a few more epochs may cross it", ratio(valEnd / trainEnd),
                    100 * borderline, ratio(gapRatio)));
        }
        return new Diagnosis(Verdict.GOOD_FIT, ev, reasons, remedies.goodFit(nearThreshold));
    }

    /** @return why the training loss counts as exploded, or null */
    private String exploded(double[] t, Map<String, Double> ev) {
        int n = t.length;
        int peak = 0;
        for (int e = 1; e < n; e++) {
            peak = t[e] > t[peak] ? e : peak;
        }
        String why = null;
        if (baselineLoss != null && t[peak] > explodeFactor * baselineLoss) {
            why = String.format(Locale.ROOT, "the training loss reached %.4g at epoch %d, %.3g times the trivial "
                    + "baseline's %.4g (a model that predicts the class frequencies): training diverged", t[peak],
                    peak, t[peak] / baselineLoss, baselineLoss);
        } else if (baselineLoss != null && n >= 2 && t[n - 1] > baselineLoss && t[n - 1] > t[0]
                && t[n - 1] > t[n - 2]) {
            why = String.format(Locale.ROOT, "the training loss rose above the trivial baseline's %.4g and is still "
                    + "rising (%.4g at epoch 0, %.4g at the end): training diverges", baselineLoss, t[0], t[n - 1]);
        } else if (n >= 2 && t[0] > 0 && t[peak] > explodeFactor * t[0]) {
            why = String.format(Locale.ROOT, "the training loss grew %.3g-fold from %.4g at epoch 0 to %.4g at epoch "
                    + "%d: training diverged", t[peak] / t[0], t[0], t[peak], peak);
        }
        if (why != null) {
            ev.put("train_loss_peak", t[peak]);
            ev.put("train_loss_peak_epoch", (double) peak);
        }
        return why;
    }

    private static int indexOf(double[] a, double value) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** A ratio to 4 significant digits, so 1.996 is not printed as the threshold 2 it is compared with. */
    private static String ratio(double v) {
        return Double.isFinite(v) ? new java.math.BigDecimal(v).round(new java.math.MathContext(4))
                .stripTrailingZeros().toPlainString() : Double.toString(v);
    }

    /** A number in few characters: 0.001, 0.05, 3, 1e+06, Infinity. */
    static String number(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return v == 0 ? "0" : Double.toString(v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e4) {
            return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros()
                    .toPlainString();
        }
        return String.format(Locale.ROOT, "%.2e", v).replaceFirst("\\.?0+e", "e");
    }

    /** Thresholds and references of a {@link FitDiagnosis}, and what is known of the run. */
    public static final class Builder {
        private Double baselineLoss;
        private Double targetLoss;
        private double gapRatio = 2.0;
        private double underfitFactor = 3.0;
        private double underfitBaselineFraction = 0.25;
        private double convergenceDrop = 0.05;
        private double foldCv = 0.5;
        private double explodeFactor = 10;
        private int minEpochs = 5;
        private double valRise = 0.02;
        private double borderline = 0.1;
        private int plannedEpochs;
        private boolean interrupted;
        private Divergence divergence;
        private TrainingSetup setup;

        private Builder() {
        }

        /**
         * {@return this}
         *
         * @param loss the loss of a trivial predictor (mean / majority class) on the same data
         */
        public Builder optBaselineLoss(double loss) {
            this.baselineLoss = positive("baseline loss", loss);
            return this;
        }

        /**
         * {@return this}
         *
         * @param loss the reachable loss (noise variance, Bayes or human error); default unknown
         */
        public Builder optTargetLoss(double loss) {
            this.targetLoss = positive("target loss", loss);
            return this;
        }

        /**
         * {@return this}
         *
         * @param ratio validation/training loss ratio above which the gap counts; default 2
         */
        public Builder optGapRatio(double ratio) {
            this.gapRatio = positive("gap ratio", ratio);
            return this;
        }

        /**
         * {@return this}
         *
         * @param factor training loss above factor x target is under-fitting; default 3
         */
        public Builder optUnderfitFactor(double factor) {
            this.underfitFactor = positive("underfit factor", factor);
            return this;
        }

        /**
         * {@return this}
         *
         * @param fraction training loss above this share of the baseline is under-fitting; default 0.25
         */
        public Builder optUnderfitBaselineFraction(double fraction) {
            this.underfitBaselineFraction = positive("underfit baseline fraction", fraction);
            return this;
        }

        /**
         * {@return this}
         *
         * @param drop relative training-loss drop over the last fifth that means "still learning"; default 0.05
         */
        public Builder optConvergenceDrop(double drop) {
            this.convergenceDrop = positive("convergence drop", drop);
            return this;
        }

        /**
         * {@return this}
         *
         * @param cv fold coefficient of variation above which CV results are unstable; default 0.5
         */
        public Builder optFoldCv(double cv) {
            this.foldCv = positive("fold coefficient of variation", cv);
            return this;
        }

        /**
         * {@return this}
         *
         * @param factor a training loss above this multiple of the baseline (or, without one, of the first epoch's
         *     loss) has exploded: the run diverged; default 10
         */
        public Builder optExplodeFactor(double factor) {
            this.explodeFactor = positive("explode factor", factor);
            return this;
        }

        /**
         * {@return this}
         *
         * @param epochs runs with fewer epochs are too short to judge (NOT_CONVERGED) unless early stopping ended
         *     them; default 5
         */
        public Builder optMinEpochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("minimum epochs must be >= 1, got " + epochs);
            }
            this.minEpochs = epochs;
            return this;
        }

        /**
         * {@return this}
         *
         * @param rise relative rise of the validation loss above its minimum that, when steady while the training
         *     loss falls, is over-fitting below the gap ratio; default 0.02
         */
        public Builder optValRise(double rise) {
            this.valRise = positive("validation rise", rise);
            return this;
        }

        /**
         * {@return this}
         *
         * @param fraction a ratio within this fraction below the gap ratio is reported as borderline; default 0.1
         */
        public Builder optBorderline(double fraction) {
            if (!(fraction >= 0 && fraction < 1)) {
                throw new IllegalArgumentException("borderline fraction must be in [0, 1), got " + fraction);
            }
            this.borderline = fraction;
            return this;
        }

        /**
         * {@return this}
         *
         * @param epochs the epochs the run was asked for; a run that recorded fewer without being interrupted was
         *     stopped early (by early stopping); default unknown
         */
        public Builder optPlannedEpochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("planned epochs must be >= 1, got " + epochs);
            }
            this.plannedEpochs = epochs;
            return this;
        }

        /**
         * {@return this}
         *
         * @param interrupted whether the user stopped the run (Ctrl-C): its curves end where it was stopped;
         *     default false
         */
        public Builder optInterrupted(boolean interrupted) {
            this.interrupted = interrupted;
            return this;
        }

        /**
         * {@return this}
         *
         * @param divergence where the run diverged, from {@code NonFiniteGuard.divergence()}: the verdict is then
         *     UNSTABLE with the step and layer; default none
         */
        public Builder optDivergence(Divergence divergence) {
            this.divergence = divergence;
            return this;
        }

        /**
         * {@return this}
         *
         * @param setup the optimizer, learning rate and regularization the run used, so the remedies fit them;
         *     default unknown (generic remedies)
         */
        public Builder optSetup(TrainingSetup setup) {
            this.setup = setup;
            return this;
        }

        /** {@return the diagnosis rules} */
        public FitDiagnosis build() {
            return new FitDiagnosis(this);
        }

        private static double positive(String what, double v) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(what + " must be a positive finite number, got " + v);
            }
            return v;
        }
    }
}
