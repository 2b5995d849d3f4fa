package dev.nn.validate;

import dev.nn.core.train.TextTable;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The folds of a cross-validation run and their summaries. Folds whose validation losses differ a lot (coefficient
 * of variation above {@value #DISAGREEMENT_CV}, or the worst fold more than {@value #DISAGREEMENT_RATIO} times the
 * best) add a warning: the mean then hides a data problem (ordering, groups, outliers) or too little data.
 */
public final class CrossValidationResult {
    /** Coefficient of variation of {@code val_loss} over folds above which folds "disagree strongly". */
    public static final double DISAGREEMENT_CV = 0.5;
    /** Worst/best fold {@code val_loss} ratio above which folds "disagree strongly". */
    public static final double DISAGREEMENT_RATIO = 3.0;
    private static final System.Logger LOG = System.getLogger("dev.nn.validate");

    private final String splitter;
    private final List<FoldResult> folds;
    private final List<String> warnings;
    private final double confidence;

    CrossValidationResult(String splitter, List<FoldResult> folds, List<String> warnings, double confidence) {
        this.splitter = splitter;
        this.folds = List.copyOf(folds);
        this.confidence = confidence;
        List<String> all = new ArrayList<>(warnings);
        String disagreement = disagreement();
        if (disagreement != null) {
            LOG.log(Level.WARNING, disagreement);
            all.add(disagreement);
        }
        this.warnings = List.copyOf(all);
    }

    /** {@return the folds in order} */
    public List<FoldResult> folds() {
        return folds;
    }

    /** {@return split warnings, check findings and fold disagreement} */
    public List<String> warnings() {
        return warnings;
    }

    /** {@return the splitter's description} */
    public String splitter() {
        return splitter;
    }

    /**
     * {@return its kept-epoch value per fold}
     *
     * @param key a history key
     */
    public double[] values(String key) {
        return folds.stream().mapToDouble(f -> f.last(key)).toArray();
    }

    /**
     * {@return mean ± std and the t-interval over folds}
     *
     * @param key a history key, e.g. {@code val_loss}
     */
    public Estimate estimate(String key) {
        return Estimate.of(values(key), confidence);
    }

    /** {@return the fit times in seconds as an estimate} */
    public Estimate fitSeconds() {
        return Estimate.of(folds.stream().mapToDouble(FoldResult::fitSeconds).toArray(), confidence);
    }

    /**
     * {@return its per-epoch mean over folds, up to the shortest fold's number of epochs}
     *
     * @param key a history key
     */
    public double[] meanCurve(String key) {
        int epochs = folds.stream().mapToInt(f -> f.history().epochs()).min().orElse(0);
        double[] mean = new double[epochs];
        for (FoldResult f : folds) {
            double[] s = f.history().series(key);
            for (int e = 0; e < epochs; e++) {
                mean[e] += s[e] / folds.size();
            }
        }
        return mean;
    }

    private String disagreement() {
        if (folds.size() < 2 || !folds.get(0).history().has(FitHistory.VAL_LOSS)) {
            return null;
        }
        double[] v = values(FitHistory.VAL_LOSS);
        Estimate e = Estimate.of(v);
        double min = Arrays.stream(v).min().orElseThrow();
        double max = Arrays.stream(v).max().orElseThrow();
        double cv = e.std() / Math.abs(e.mean());
        if (cv > DISAGREEMENT_CV || (min > 0 && max / min > DISAGREEMENT_RATIO)) {
            int worst = 0;
            for (int i = 1; i < v.length; i++) {
                worst = v[i] > v[worst] ? i : worst;
            }
            return String.format(Locale.ROOT, "Folds disagree strongly on val_loss: %s (coefficient of variation "
                    + "%.2f, worst fold %d at %.4g vs best %.4g). The mean hides it: check for ordered data (shuffle), "
                    + "groups split across folds (GroupKFold), outliers, or use more data / RepeatedKFold.",
                    Arrays.toString(v), cv, worst, max, min);
        }
        return null;
    }

    /**
     * {@return the splitter, then a table like {@code nn cv}'s: per fold its sizes, kept epoch, kept-epoch value of
     * every history key and fit seconds, then the mean and standard deviation over folds; then each key's estimate
     * with its confidence interval, then the warnings}
     */
    @Override
    public String toString() {
        List<String> keys = folds.isEmpty() ? List.of() : List.copyOf(folds.get(0).history().keys());
        List<String> header = new ArrayList<>(List.of("fold", "train", "val", "epochs"));
        header.addAll(keys);
        header.add("seconds");
        TextTable t = TextTable.aligned(header.toArray(String[]::new));
        for (FoldResult f : folds) {
            List<Object> row = new ArrayList<>(List.of(f.fold() + 1, f.trainSize(), f.validationSize(),
                    f.history().finalEpoch() + 1));
            keys.forEach(k -> row.add(f.last(k)));
            row.add(TextTable.decimals(f.fitSeconds(), 1));
            t.row(row.toArray());
        }
        if (!folds.isEmpty()) {
            List<Object> mean = new ArrayList<>(List.of("mean", "", "", ""));
            List<Object> std = new ArrayList<>(List.of("std", "", "", ""));
            for (String k : keys) {
                Estimate e = estimate(k);
                mean.add(e.mean());
                std.add(e.std());
            }
            mean.add(TextTable.decimals(fitSeconds().mean(), 1));
            std.add(TextTable.decimals(fitSeconds().std(), 1));
            t.row(mean.toArray()).row(std.toArray());
        }
        StringBuilder sb = new StringBuilder(splitter).append(", ").append(folds.size()).append(" folds\n").append(t);
        keys.forEach(k -> sb.append(k).append(": ").append(estimate(k)).append('\n'));
        warnings.forEach(w -> sb.append("warning: ").append(w).append('\n'));
        return sb.toString();
    }
}
