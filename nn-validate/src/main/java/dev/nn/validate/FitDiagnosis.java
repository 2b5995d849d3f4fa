package dev.nn.validate;

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
 *   <li>UNSTABLE: a loss became NaN/infinite; or the training loss oscillates (in the last half of the epochs it
 *       rises in more than 40% of the steps and swings by more than 50% of its median) or ended above twice its
 *       minimum.</li>
 *   <li>NOT_CONVERGED: the training loss still fell by more than {@code convergenceDrop} (default 5%) over the
 *       last fifth of the epochs, the validation loss is not rising, and (when a target is known) the training loss
 *       is still above 1.5 times the target.</li>
 *   <li>UNDERFITTING (high bias): the training loss is above {@code underfitFactor} (default 3) times the target
 *       loss (the noise level or best reachable error, when known), or above {@code underfitBaselineFraction}
 *       (default 0.25) of a trivial baseline's loss (predicting the mean or the majority class) when no target is
 *       known. A model that cannot fit the data it sees is under-fitting whatever its validation error.</li>
 *   <li>OVERFITTING (high variance): the validation loss exceeds {@code gapRatio} (default 2) times the training
 *       loss by more than the target (or 5% of the baseline); or it rose by more than 20% from its minimum while
 *       training continued.</li>
 *   <li>UNSTABLE also when none of the above holds but cross-validation folds disagree (coefficient of variation
 *       of the validation loss above {@code foldCv}, default 0.5): the mean cannot be trusted.</li>
 *   <li>GOOD_FIT otherwise.</li>
 * </ol>
 */
public final class FitDiagnosis {
    /** The verdict. */
    public enum Verdict {
        /** Training error itself is too high: the model is too simple or trained too little. */
        UNDERFITTING,
        /** Training error is low but validation error much higher: the model memorizes. */
        OVERFITTING,
        /** Training error is low and validation error close to it. */
        GOOD_FIT,
        /** Training error was still falling when training ended. */
        NOT_CONVERGED,
        /** Losses are not finite, oscillate, or folds disagree too much to judge. */
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

        /** @return the text a person reads */
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

    private FitDiagnosis(Builder b) {
        this.baselineLoss = b.baselineLoss;
        this.targetLoss = b.targetLoss;
        this.gapRatio = b.gapRatio;
        this.underfitFactor = b.underfitFactor;
        this.underfitBaselineFraction = b.underfitBaselineFraction;
        this.convergenceDrop = b.convergenceDrop;
        this.foldCv = b.foldCv;
    }

    /** @return a builder with the default thresholds and no baseline or target */
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
     * @param history one training run with {@code loss} and {@code val_loss}
     * @return the diagnosis
     */
    public Diagnosis diagnose(FitHistory history) {
        double[] train = history.series(FitHistory.LOSS);
        double[] val = history.series(FitHistory.VAL_LOSS);
        return decide(train, val, history.finalEpoch(), history.last(FitHistory.LOSS),
                history.last(FitHistory.VAL_LOSS), null);
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
        return decide(train, val, kept, result.estimate(FitHistory.LOSS).mean(), v.mean(), v.std() / v.mean());
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
        Diagnosis end = decide(new double[] {t[last]}, new double[] {v[last]}, -1, t[last], v[last], null);
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
            Diagnosis d = decide(new double[] {t[i]}, new double[] {v[i]}, -1, t[i], v[i], null);
            Map<String, Double> ev = new LinkedHashMap<>();
            ev.put("train_size", (double) curve.sizes()[i]);
            ev.putAll(d.evidence());
            out.add(new Diagnosis(d.verdict(), ev, d.reasons(), d.remedies()));
        }
        return out;
    }

    /**
     * @param t training loss per epoch
     * @param v validation loss per epoch
     * @param kept the kept epoch (-1 when unknown, e.g. averaged or early-stopped folds)
     * @param trainEnd training loss of the kept model
     * @param valEnd validation loss of the kept model
     * @param spread coefficient of variation of fold validation losses, or null
     */
    private Diagnosis decide(double[] t, double[] v, int kept, double trainEnd, double valEnd, Double spread) {
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
        if (spread != null) {
            ev.put("fold_val_loss_cv", spread);
        }
        int n = t.length;
        // 1. unstable
        for (int e = 0; e < n; e++) {
            if (!Double.isFinite(t[e]) || !Double.isFinite(v[e])) {
                ev.put("first_bad_epoch", (double) e);
                reasons.add("the loss became " + (Double.isFinite(t[e]) ? v[e] : t[e]) + " at epoch " + e);
                return new Diagnosis(Verdict.UNSTABLE, ev, reasons, List.of("lower the learning rate (e.g. by 10x)",
                        "standardize the inputs", "clip gradients", "check the loss for log(0) or division by 0"));
            }
        }
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
            if ((rises > 0.4 * (tail.length - 1) && swing > 0.5) || t[n - 1] > 2 * minT) {
                reasons.add(String.format(Locale.ROOT, "the training loss oscillates or diverges: it rose in %d of "
                        + "the last %d epochs, swinging by %.0f%% of its median, and ended at %.4g vs its minimum "
                        + "%.4g", rises, tail.length - 1, 100 * swing, t[n - 1], minT));
                return new Diagnosis(Verdict.UNSTABLE, ev, reasons, List.of("lower the learning rate",
                        "use a larger batch or a learning-rate schedule", "standardize the inputs"));
            }
        }
        // 2. not converged
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
                return new Diagnosis(Verdict.NOT_CONVERGED, ev, reasons, List.of(
                        "train longer (more epochs)", "raise the learning rate or use momentum / Adam",
                        "use a learning-rate schedule"));
            }
        }
        // 3. underfitting
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
            return new Diagnosis(Verdict.UNDERFITTING, ev, reasons, List.of(
                    "use a bigger model: more features (higher degree), wider or deeper layers",
                    "train longer and check the learning rate",
                    "reduce regularization (weight decay, dropout) if any"));
        }
        // 4. overfitting
        double significant = targetLoss != null ? targetLoss : baselineLoss != null ? 0.05 * baselineLoss : 0;
        boolean bigGap = valEnd > gapRatio * trainEnd && valEnd - trainEnd > significant;
        boolean valRose = kept == n - 1 && n >= 5 && v[n - 1] > 1.2 * minV && minVEpoch < n - 1 - Math.max(1, n / 10)
                && t[n - 1] < t[minVEpoch];
        if (bigGap || valRose) {
            if (bigGap) {
                reasons.add(String.format(Locale.ROOT, "the validation loss %.4g is %.3g times the training loss "
                        + "%.4g (gap %.4g): the model fits its training data much better than new data", valEnd,
                        valEnd / trainEnd, trainEnd, valEnd - trainEnd));
            }
            if (valRose) {
                ev.put("val_min", minV);
                ev.put("val_min_epoch", (double) minVEpoch);
                reasons.add(String.format(Locale.ROOT, "the validation loss rose %.0f%% from its minimum %.4g at "
                        + "epoch %d while the training loss kept falling", 100 * (v[n - 1] / minV - 1), minV,
                        minVEpoch));
            }
            if (spread != null && spread > foldCv) {
                reasons.add(String.format(Locale.ROOT, "the folds disagree as well (validation loss varies by %.0f%%"
                        + " across folds), another sign of high variance", 100 * spread));
            }
            return new Diagnosis(Verdict.OVERFITTING, ev, reasons, List.of("get more training data",
                    "regularize: weight decay (L2), dropout, data augmentation",
                    "early stopping with best-weights restore" + (valRose ? " (best epoch " + minVEpoch + ")" : ""),
                    "use a smaller model (fewer features / lower degree, fewer units)"));
        }
        if (spread != null && spread > foldCv) {
            reasons.add(String.format(Locale.ROOT, "the folds disagree: the validation loss varies by %.0f%% "
                    + "(coefficient of variation) across folds, so the mean is not a reliable estimate", 100 * spread));
            return new Diagnosis(Verdict.UNSTABLE, ev, reasons, List.of("use more data or RepeatedKFold",
                    "shuffle or stratify the folds; split by group if samples are related",
                    "look for outliers in the worst fold"));
        }
        reasons.add(String.format(Locale.ROOT, "training loss %.4g%s and validation loss %.4g are close (ratio "
                + "%.3g)", trainEnd, targetLoss != null ? String.format(Locale.ROOT, " (%.3g times the reachable "
                + "%.4g)", trainEnd / targetLoss, targetLoss) : "", valEnd, valEnd / trainEnd));
        return new Diagnosis(Verdict.GOOD_FIT, ev, reasons, List.of(
                "keep this configuration; confirm once on the untouched test set"));
    }

    private static int indexOf(double[] a, double value) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** Thresholds and references of a {@link FitDiagnosis}. */
    public static final class Builder {
        private Double baselineLoss;
        private Double targetLoss;
        private double gapRatio = 2.0;
        private double underfitFactor = 3.0;
        private double underfitBaselineFraction = 0.25;
        private double convergenceDrop = 0.05;
        private double foldCv = 0.5;

        private Builder() {
        }

        /**
         * @param loss the loss of a trivial predictor (mean / majority class) on the same data
         * @return this
         */
        public Builder optBaselineLoss(double loss) {
            this.baselineLoss = positive("baseline loss", loss);
            return this;
        }

        /**
         * @param loss the reachable loss (noise variance, Bayes or human error); default unknown
         * @return this
         */
        public Builder optTargetLoss(double loss) {
            this.targetLoss = positive("target loss", loss);
            return this;
        }

        /**
         * @param ratio validation/training loss ratio above which the gap counts; default 2
         * @return this
         */
        public Builder optGapRatio(double ratio) {
            this.gapRatio = positive("gap ratio", ratio);
            return this;
        }

        /**
         * @param factor training loss above factor x target is under-fitting; default 3
         * @return this
         */
        public Builder optUnderfitFactor(double factor) {
            this.underfitFactor = positive("underfit factor", factor);
            return this;
        }

        /**
         * @param fraction training loss above this share of the baseline is under-fitting; default 0.25
         * @return this
         */
        public Builder optUnderfitBaselineFraction(double fraction) {
            this.underfitBaselineFraction = positive("underfit baseline fraction", fraction);
            return this;
        }

        /**
         * @param drop relative training-loss drop over the last fifth that means "still learning"; default 0.05
         * @return this
         */
        public Builder optConvergenceDrop(double drop) {
            this.convergenceDrop = positive("convergence drop", drop);
            return this;
        }

        /**
         * @param cv fold coefficient of variation above which CV results are unstable; default 0.5
         * @return this
         */
        public Builder optFoldCv(double cv) {
            this.foldCv = positive("fold coefficient of variation", cv);
            return this;
        }

        /** @return the diagnosis rules */
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
