package dev.nn.cli.experiment;

import dev.nn.api.backend.Backend;
import dev.nn.cli.data.DataSource;
import dev.nn.cli.report.Charts;
import dev.nn.core.data.Dataset;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Adam;
import dev.nn.core.train.TextTable;
import dev.nn.validate.CrossValidation;
import dev.nn.validate.CrossValidationResult;
import dev.nn.validate.Estimate;
import dev.nn.validate.FoldContext;
import dev.nn.validate.HoldOut;
import dev.nn.validate.HoldOutSplit;
import dev.nn.validate.KFold;
import dev.nn.validate.NetworkFitter;
import dev.nn.validate.Samples;
import dev.nn.validate.SizeSpec;
import dev.nn.validate.Task;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hold-out against K-fold on a small Fashion-MNIST subset: a single 80/20 hold-out split gives one validation
 * accuracy whose value depends on which images the split's seed put in the validation fifth; 5-fold cross-validation
 * (nn-validate's {@link CrossValidation}) validates on every image once and reports the mean with its spread over
 * folds. Repeating both with different seeds shows the K-fold mean moving much less than a single hold-out estimate.
 */
final class KFoldExperiment {
    /**
     * @param samples images in the pool (pooled to 14x14; standardized per fold on its training part)
     * @param hidden hidden units of the MLP
     * @param epochs training epochs per fit
     * @param holdOutSeeds number of 80/20 hold-out splits, one per seed
     * @param kfoldRepeats number of 5-fold runs, one per shuffle seed
     * @param seed seed of the pool's draw and of the splits (seed, seed + 1, ...)
     */
    record Config(int samples, int hidden, int epochs, int holdOutSeeds, int kfoldRepeats, long seed) {
        static Config defaults() {
            return new Config(500, 32, 15, 10, 3, 1);
        }
    }

    /**
     * @param config the settings
     * @param holdOuts validation accuracy of each single hold-out split, by seed
     * @param folds validation accuracy of each fold of the first 5-fold run
     * @param kfold the first 5-fold run's estimate (mean, std over folds, t-interval)
     * @param kfoldMeans the mean of each 5-fold run, by shuffle seed
     */
    record Result(Config config, double[] holdOuts, double[] folds, Estimate kfold, double[] kfoldMeans)
            implements ExperimentResult {
        /** @return mean and std over seeds of the single hold-out estimates */
        Estimate holdOutSpread() {
            return Estimate.of(holdOuts);
        }

        /** @return mean and std over shuffle seeds of the 5-fold means */
        Estimate kfoldMeanSpread() {
            return Estimate.of(kfoldMeans);
        }

        @Override
        public String summary() {
            Estimate h = holdOutSpread();
            Estimate k = kfoldMeanSpread();
            StringBuilder sb = new StringBuilder();
            sb.append("Hold-out vs 5-fold CV: ").append(config.samples).append(" Fashion-MNIST images (14x14), MLP "
                    + "196-").append(config.hidden).append("-10, Adam lr 1e-3, ").append(config.epochs)
                    .append(" epochs; validation accuracy\n\n");
            TextTable t = new TextTable("estimate", "values", "mean", "std", "min", "max");
            t.row("single 80/20 hold-out, " + holdOuts.length + " seeds", BatchNormExperiment.format(holdOuts),
                    h.mean(), h.std(), min(holdOuts), max(holdOuts));
            t.row("5-fold CV folds (shuffle seed " + config.seed + ")", BatchNormExperiment.format(folds),
                    kfold.mean(), kfold.std(), min(folds), max(folds));
            t.row("5-fold CV mean, " + kfoldMeans.length + " shuffle seeds", BatchNormExperiment.format(kfoldMeans),
                    k.mean(), k.std(), min(kfoldMeans), max(kfoldMeans));
            sb.append(t).append('\n');
            sb.append("5-fold estimate: ").append(kfold).append("; standard error ")
                    .append(TextTable.num(kfold.std() / Math.sqrt(kfold.n()))).append('\n');
            sb.append("A single hold-out estimate moves with its seed (std ").append(TextTable.num(h.std()))
                    .append(" over seeds, range ").append(TextTable.num(max(holdOuts) - min(holdOuts)))
                    .append("); the 5-fold mean, which validates on every image once, moves less (std ")
                    .append(TextTable.num(k.std())).append(" over shuffles)\nand comes with its own spread over "
                    + "folds.\n");
            return sb.toString();
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("config", Map.of("samples", config.samples, "hidden", config.hidden, "epochs", config.epochs,
                    "hold_out_seeds", config.holdOutSeeds, "kfold_repeats", config.kfoldRepeats, "seed",
                    config.seed));
            m.put("hold_out_val_accuracy", holdOuts);
            m.put("hold_out_mean", holdOutSpread().mean());
            m.put("hold_out_std", holdOutSpread().std());
            m.put("kfold_fold_val_accuracy", folds);
            m.put("kfold_mean", kfold.mean());
            m.put("kfold_std", kfold.std());
            m.put("kfold_ci95", List.of(kfold.low(), kfold.high()));
            m.put("kfold_means_over_shuffles", kfoldMeans);
            m.put("kfold_mean_std_over_shuffles", kfoldMeans.length > 1 ? kfoldMeanSpread().std() : 0.0);
            return m;
        }

        @Override
        public Map<String, byte[]> charts() {
            double[] seeds = new double[holdOuts.length];
            Arrays.setAll(seeds, i -> i + 1);
            double[] foldIndex = new double[folds.length];
            Arrays.setAll(foldIndex, i -> i + 1);
            double[] repeats = new double[kfoldMeans.length];
            Arrays.setAll(repeats, i -> i + 1);
            return Map.of("holdout-vs-kfold.png", Charts.lines("Validation accuracy estimates: single hold-out vs "
                    + "5-fold CV", "seed / fold", "validation accuracy", List.of(
                    new Charts.Series("single 80/20 hold-out, by seed", seeds, holdOuts),
                    new Charts.Series("5-fold CV, by fold (one shuffle)", foldIndex, folds),
                    new Charts.Series("5-fold CV mean, by shuffle seed", repeats, kfoldMeans)), false));
        }

        private static double min(double[] v) {
            return Arrays.stream(v).min().orElseThrow();
        }

        private static double max(double[] v) {
            return Arrays.stream(v).max().orElseThrow();
        }
    }

    private final Config config;
    private final Backend backend;

    KFoldExperiment(Config config, Backend backend) {
        this.config = config;
        this.backend = backend;
    }

    Result run(PrintWriter log) {
        Dataset pool = FashionData.draw(config.seed, true, config.samples)[0];
        Samples samples = Samples.labeled(DataSource.classLabels(pool));
        NetworkFitter fitter = NetworkFitter.builder().setData(pool).setBackend(backend).optTask(Task.CLASSIFICATION)
                .setModel((b, in, r) -> new Sequential(new Linear(b, in, config.hidden, r), new ReLU(),
                        new Linear(b, config.hidden, 10, r)))
                .setLoss(CrossEntropyLoss::new).setOptimizer(p -> new Adam(p, 1e-3)).optEpochs(config.epochs)
                .optBatchSize(32).build();
        log.printf("kfold: pool of %d images (14x14), standardized per split on its training part%n", pool.size());
        double[] holdOuts = new double[config.holdOutSeeds];
        for (int s = 0; s < holdOuts.length; s++) {
            HoldOutSplit split = HoldOut.builder().optTestSize(SizeSpec.fraction(0.2)).optShuffle(true)
                    .optSeed(config.seed + s).build().split(samples);
            holdOuts[s] = fitter.fit(new FoldContext(0, split.train(), split.test(), config.seed + 1000 + s))
                    .last("val_accuracy");
            log.printf("kfold: hold-out seed %d: validation accuracy %.4f%n", config.seed + s, holdOuts[s]);
        }
        double[] kfoldMeans = new double[config.kfoldRepeats];
        double[] folds = null;
        Estimate first = null;
        for (int r = 0; r < kfoldMeans.length; r++) {
            CrossValidationResult cv = CrossValidation.builder().setSplitter(new KFold(5, true, config.seed + r))
                    .setFitter(fitter).optSeed(config.seed + r).build().run(samples);
            Estimate e = cv.estimate("val_accuracy");
            kfoldMeans[r] = e.mean();
            if (r == 0) {
                folds = cv.values("val_accuracy");
                first = e;
            }
            log.printf("kfold: 5-fold CV, shuffle seed %d: folds %s -> %s%n", config.seed + r,
                    BatchNormExperiment.format(cv.values("val_accuracy")), e);
        }
        return new Result(config, holdOuts, folds, first, kfoldMeans);
    }
}
