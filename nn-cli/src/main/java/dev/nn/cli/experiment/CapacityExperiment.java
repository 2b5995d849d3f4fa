package dev.nn.cli.experiment;

import dev.nn.api.backend.Backend;
import dev.nn.cli.report.Charts;
import dev.nn.core.train.TextTable;
import dev.nn.validate.CrossValidation;
import dev.nn.validate.CrossValidationResult;
import dev.nn.validate.FitDiagnosis;
import dev.nn.validate.FitHistory;
import dev.nn.validate.LearningCurve;
import dev.nn.validate.LearningCurveResult;
import dev.nn.validate.PolynomialData;
import dev.nn.validate.Samples;
import dev.nn.validate.ShuffleSplit;
import dev.nn.validate.SizeSpec;
import dev.nn.validate.TrainSizes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * d2l.ai's model-complexity experiment on {@code y = 5 + 1.2x - 3.4x^2/2! + 5.6x^3/3! + noise} (nn-validate's
 * {@link PolynomialData} and its training setup): polynomial models of degree 1, 3 and 20, each fitted on several
 * random training draws and validated on fresh samples, diagnosed by {@link FitDiagnosis} against the noise variance
 * as under-fitting, good fit and over-fitting; then the degree-20 model's learning curve shows more data curing the
 * over-fitting.
 */
final class CapacityExperiment {
    /**
     * One model size.
     *
     * @param degree the polynomial's degree
     * @param trainSamples training samples per draw
     * @param epochs training epochs
     */
    record Setting(int degree, int trainSamples, int epochs) {
    }

    /**
     * @param settings the model sizes compared
     * @param draws random training/validation draws per setting (ShuffleSplit)
     * @param validationSamples validation samples per draw
     * @param curveSizes training sizes of the degree-20 learning curve
     * @param curveEpochs epochs per learning-curve fit
     * @param seed seed of the pool, splits and fits
     */
    record Config(List<Setting> settings, int draws, int validationSamples, int[] curveSizes, int curveEpochs,
                  long seed) {
        static Config defaults() {
            return new Config(List.of(new Setting(1, 100, 400), new Setting(3, 100, 400), new Setting(20, 20, 1000)),
                    5, 100, new int[] {20, 40, 80, 160}, 1000, 2026);
        }
    }

    /**
     * One model size's outcome.
     *
     * @param setting the model size
     * @param trainLoss mean over draws of the final training MSE
     * @param valLoss mean over draws of the final validation MSE
     * @param diagnosis FitDiagnosis' verdict with evidence
     */
    record Fit(Setting setting, double trainLoss, double valLoss, FitDiagnosis.Diagnosis diagnosis) {
    }

    /**
     * @param config the settings
     * @param fits one per model size
     * @param sizes the learning curve's training sizes
     * @param curveTrain median training MSE per size
     * @param curveVal median validation MSE per size
     * @param curveVerdicts verdict per size
     * @param curveDiagnosis the verdict on the whole curve
     */
    record Result(Config config, List<Fit> fits, int[] sizes, double[] curveTrain, double[] curveVal,
                  List<FitDiagnosis.Verdict> curveVerdicts, FitDiagnosis.Diagnosis curveDiagnosis)
            implements ExperimentResult {
        Fit fit(int degree) {
            return fits.stream().filter(f -> f.setting.degree == degree).findFirst().orElseThrow();
        }

        @Override
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append("Model capacity on y = 5 + 1.2x - 3.4x^2/2! + 5.6x^3/3! + N(0, 0.1^2) (noise variance ")
                    .append(PolynomialData.NOISE_VARIANCE).append("), features x^i/i!, SGD momentum 0.9, batch 10; "
                    + "means over ").append(config.draws).append(" random draws, ").append(config.validationSamples)
                    .append(" validation samples each\n\n");
            TextTable t = new TextTable("degree", "train samples", "epochs", "train MSE", "val MSE", "val/train",
                    "verdict");
            for (Fit f : fits) {
                t.row(f.setting.degree, f.setting.trainSamples, f.setting.epochs, f.trainLoss, f.valLoss,
                        f.valLoss / f.trainLoss, f.diagnosis.verdict());
            }
            sb.append(t).append('\n');
            TextTable c = new TextTable("degree-20 train samples", "train MSE (median)", "val MSE (median)",
                    "val/train", "verdict");
            for (int i = 0; i < sizes.length; i++) {
                c.row(sizes[i], curveTrain[i], curveVal[i], curveVal[i] / curveTrain[i], curveVerdicts.get(i));
            }
            sb.append("learning curve of the degree-20 model:\n").append(c).append('\n');
            sb.append("on the whole curve: ").append(curveDiagnosis.report()).append("\n\n");
            sb.append("Degree 1 cannot follow the cubic (high training error); degree 3 reaches the noise level; "
                    + "degree 20 on\n20 samples fits the noise (validation error far above training error), and "
                    + "more data closes that gap.\n");
            return sb.toString();
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("noise_variance", PolynomialData.NOISE_VARIANCE);
            m.put("draws", config.draws);
            m.put("seed", config.seed);
            List<Object> list = new ArrayList<>();
            for (Fit f : fits) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("degree", f.setting.degree);
                e.put("train_samples", f.setting.trainSamples);
                e.put("epochs", f.setting.epochs);
                e.put("train_mse", f.trainLoss);
                e.put("val_mse", f.valLoss);
                e.put("verdict", f.diagnosis.verdict().name());
                e.put("evidence", finite(f.diagnosis.evidence()));
                e.put("reasons", f.diagnosis.reasons());
                list.add(e);
            }
            m.put("degrees", list);
            Map<String, Object> curve = new LinkedHashMap<>();
            curve.put("train_sizes", sizes);
            curve.put("train_mse_median", curveTrain);
            curve.put("val_mse_median", curveVal);
            curve.put("verdicts", curveVerdicts.stream().map(Enum::name).toList());
            curve.put("verdict", curveDiagnosis.verdict().name());
            curve.put("reasons", curveDiagnosis.reasons());
            m.put("learning_curve_degree_20", curve);
            return m;
        }

        private static Map<String, Double> finite(Map<String, Double> evidence) {
            Map<String, Double> m = new LinkedHashMap<>();
            evidence.forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    m.put(k, v);
                }
            });
            return m;
        }

        @Override
        public Map<String, byte[]> charts() {
            double[] degrees = fits.stream().mapToDouble(f -> f.setting.degree).toArray();
            double[] train = fits.stream().mapToDouble(Fit::trainLoss).toArray();
            double[] val = fits.stream().mapToDouble(Fit::valLoss).toArray();
            double[] noise = new double[degrees.length];
            Arrays.fill(noise, PolynomialData.NOISE_VARIANCE);
            double[] n = Arrays.stream(sizes).asDoubleStream().toArray();
            double[] noiseN = new double[n.length];
            Arrays.fill(noiseN, PolynomialData.NOISE_VARIANCE);
            Map<String, byte[]> charts = new LinkedHashMap<>();
            charts.put("error-by-degree.png", Charts.lines("Train vs validation error by polynomial degree "
                    + "(degree 20 on 20 samples)", "degree", "MSE (log)", List.of(
                    new Charts.Series("train", degrees, train), new Charts.Series("validation", degrees, val),
                    new Charts.Series("noise variance", degrees, noise)), true));
            charts.put("learning-curve-degree20.png", Charts.lines("Learning curve of the degree-20 model (medians "
                    + "over " + config.draws + " draws)", "training samples", "MSE (log)", List.of(
                    new Charts.Series("train", n, curveTrain), new Charts.Series("validation", n, curveVal),
                    new Charts.Series("noise variance", n, noiseN)), true));
            return charts;
        }
    }

    private final Config config;
    private final Backend backend;

    CapacityExperiment(Config config, Backend backend) {
        this.config = config;
        this.backend = backend;
    }

    Result run(PrintWriter log) {
        int poolSize = 1000;
        PolynomialData pool = PolynomialData.generate(poolSize, new SplittableRandom(config.seed));
        FitDiagnosis rules = FitDiagnosis.builder().optTargetLoss(PolynomialData.NOISE_VARIANCE).build();
        List<Fit> fits = new ArrayList<>();
        for (Setting s : config.settings) {
            CrossValidationResult r = CrossValidation.builder()
                    .setSplitter(new ShuffleSplit(config.draws, SizeSpec.count(config.validationSamples),
                            SizeSpec.count(s.trainSamples), config.seed + 1))
                    .setFitter(pool.fitter(s.degree, s.epochs, backend)).optSeed(config.seed + 2).optParallelism(2)
                    .build().run(Samples.of(poolSize));
            Fit f = new Fit(s, r.estimate(FitHistory.LOSS).mean(), r.estimate(FitHistory.VAL_LOSS).mean(),
                    rules.diagnose(r));
            log.printf("capacity: degree %d on %d samples: train MSE %.4g, validation MSE %.4g -> %s%n", s.degree,
                    s.trainSamples, f.trainLoss, f.valLoss, f.diagnosis.verdict());
            fits.add(f);
        }
        int maxSize = Arrays.stream(config.curveSizes).max().orElseThrow();
        LearningCurveResult curve = LearningCurve.builder()
                .setSplitter(new ShuffleSplit(config.draws, SizeSpec.count(config.validationSamples),
                        SizeSpec.count(maxSize), config.seed + 1))
                .setFitter(pool.fitter(20, config.curveEpochs, backend))
                .optTrainSizes(TrainSizes.counts(config.curveSizes)).optSeed(config.seed + 3).optParallelism(2)
                .build().run(Samples.of(poolSize));
        double[] train = curve.medians(FitHistory.LOSS);
        double[] val = curve.medians(FitHistory.VAL_LOSS);
        List<FitDiagnosis.Verdict> verdicts = rules.diagnoseEachSize(curve).stream()
                .map(FitDiagnosis.Diagnosis::verdict).toList();
        for (int i = 0; i < curve.sizes().length; i++) {
            log.printf("capacity: degree 20 learning curve, %d samples: train MSE %.4g, validation MSE %.4g -> %s%n",
                    curve.sizes()[i], train[i], val[i], verdicts.get(i));
        }
        return new Result(config, fits, curve.sizes(), train, val, verdicts, rules.diagnose(curve));
    }
}
