package dev.nn.cli.experiment;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.cli.report.Charts;
import dev.nn.core.data.Dataset;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.Sequential;
import dev.nn.core.layer.Tanh;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Sgd;
import dev.nn.core.train.History;
import dev.nn.core.train.TextTable;
import dev.nn.core.train.Trainer;
import dev.nn.init.Init;
import dev.nn.init.LintMode;
import dev.nn.init.ModelInitializer;
import dev.nn.norm.ActivationReport;
import dev.nn.norm.BatchNorm;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The BatchNorm paper's point on Fashion-MNIST: a tanh MLP whose weights start too large (Xavier normal with gain 5,
 * three times tanh's recommended 5/3) drives most pre-activations into tanh's flat tails (|x| > 2), where gradients
 * vanish; the same MLP with BatchNorm before every tanh keeps them near N(0, 1). nn-norm's {@link ActivationReport}
 * records the pre-activations per layer at initialization and after training, and both models train with the same
 * seed, data, batches, optimizer and epochs: the training loss after each epoch shows the convergence speed.
 */
final class BatchNormExperiment {
    /** Xavier gain of the saturating initialization: 3 x Gain("tanh") = 3 x 5/3. */
    static final double GAIN = 5;

    /**
     * @param trainSamples training images (pooled to 14x14)
     * @param validationSamples validation images, also the probe batch of the histograms
     * @param depth hidden layers
     * @param width units per hidden layer
     * @param epochs training epochs
     * @param batchSize mini-batch size
     * @param lr SGD learning rate (momentum 0.9)
     * @param seed seed of the data draw, initialization and batch order
     */
    record Config(int trainSamples, int validationSamples, int depth, int width, int epochs, int batchSize,
                  double lr, long seed) {
        static Config defaults() {
            return new Config(1000, 500, 4, 100, 5, 50, 0.02, 1);
        }
    }

    /**
     * One model's measurements.
     *
     * @param batchNorm whether BatchNorm precedes every tanh
     * @param saturatedAtInit per hidden layer, fraction of tanh inputs with |x| > 2 at initialization
     * @param stdAtInit per hidden layer, std of the tanh inputs at initialization
     * @param saturatedAfter the same after training
     * @param preActivations the tanh inputs of every layer at initialization (for the histograms)
     * @param trainLoss training loss per epoch
     * @param valLoss validation loss per epoch
     * @param valAccuracy validation accuracy per epoch
     */
    record Run(boolean batchNorm, double[] saturatedAtInit, double[] stdAtInit, double[] saturatedAfter,
               List<float[]> preActivations, double[] trainLoss, double[] valLoss, double[] valAccuracy) {
        String label() {
            return batchNorm ? "with BN" : "without BN";
        }

        /** @return mean saturated fraction over the hidden layers at initialization */
        double meanSaturatedAtInit() {
            return Arrays.stream(saturatedAtInit).average().orElseThrow();
        }
    }

    /**
     * @param config the settings
     * @param plain the MLP without BatchNorm
     * @param normalized the MLP with BatchNorm
     */
    record Result(Config config, Run plain, Run normalized) implements ExperimentResult {
        @Override
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append("BatchNorm vs tanh saturation: ").append(config.depth).append(" tanh layers of ")
                    .append(config.width).append(" units, Xavier normal gain 5 (3 x tanh's 5/3)")
                    .append(", ").append(config.trainSamples).append(" Fashion-MNIST images (14x14), SGD lr ")
                    .append(TextTable.num(config.lr)).append(" momentum 0.9, batch ").append(config.batchSize)
                    .append(", same seed\n\n");
            TextTable t = new TextTable("hidden layer", "saturated no BN", "saturated BN", "std no BN", "std BN",
                    "saturated no BN (trained)", "saturated BN (trained)");
            for (int l = 0; l < config.depth; l++) {
                t.row(l + 1, plain.saturatedAtInit[l], normalized.saturatedAtInit[l], plain.stdAtInit[l],
                        normalized.stdAtInit[l], plain.saturatedAfter[l], normalized.saturatedAfter[l]);
            }
            sb.append("tanh inputs with |x| > 2 (at initialization unless marked trained):\n").append(t).append('\n');
            TextTable c = new TextTable("epoch", "train loss no BN", "train loss BN", "val acc no BN", "val acc BN");
            for (int e = 0; e < plain.trainLoss.length; e++) {
                c.row(e + 1, plain.trainLoss[e], normalized.trainLoss[e], plain.valAccuracy[e],
                        normalized.valAccuracy[e]);
            }
            sb.append("convergence:\n").append(c).append('\n');
            sb.append("Without BN most tanh inputs sit in the flat tails, where the gradient is almost zero; BN "
                    + "re-centres\nand re-scales them per feature over the batch, so far fewer saturate and the loss "
                    + "falls faster.\n");
            return sb.toString();
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("config", Map.of("train_samples", config.trainSamples, "validation_samples",
                    config.validationSamples, "depth", config.depth, "width", config.width, "epochs", config.epochs,
                    "batch_size", config.batchSize, "lr", config.lr, "seed", config.seed, "xavier_gain", GAIN));
            for (Run r : List.of(plain, normalized)) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("saturated_fraction_at_init", r.saturatedAtInit);
                e.put("preactivation_std_at_init", r.stdAtInit);
                e.put("saturated_fraction_after_training", r.saturatedAfter);
                e.put("train_loss", r.trainLoss);
                e.put("val_loss", r.valLoss);
                e.put("val_accuracy", r.valAccuracy);
                m.put(r.batchNorm ? "with_bn" : "without_bn", e);
            }
            return m;
        }

        @Override
        public Map<String, byte[]> charts() {
            Map<String, byte[]> charts = new LinkedHashMap<>();
            for (int l : new int[] {0, config.depth - 1}) {
                Map<String, double[]> samples = new LinkedHashMap<>();
                for (Run r : List.of(plain, normalized)) {
                    float[] v = r.preActivations.get(l);
                    double[] d = new double[v.length];
                    Arrays.setAll(d, i -> v[i]);
                    samples.put(r.label(), d);
                }
                charts.put("preactivation-hist-layer" + (l + 1) + ".png", Charts.histograms("tanh inputs of hidden "
                        + "layer " + (l + 1) + " at initialization (|x| > 2 saturates)", "pre-activation", samples,
                        60));
            }
            double[] epochs = new double[config.epochs];
            Arrays.setAll(epochs, i -> i + 1);
            charts.put("loss-curves.png", Charts.lines("Training loss, tanh MLP with vs without BatchNorm (same "
                    + "seed)", "epoch", "cross-entropy", List.of(
                    new Charts.Series("train, without BN", epochs, plain.trainLoss),
                    new Charts.Series("train, with BN", epochs, normalized.trainLoss),
                    new Charts.Series("validation, without BN", epochs, plain.valLoss),
                    new Charts.Series("validation, with BN", epochs, normalized.valLoss)), false));
            return charts;
        }
    }

    private final Config config;
    private final Backend backend;

    BatchNormExperiment(Config config, Backend backend) {
        this.config = config;
        this.backend = backend;
    }

    Result run(PrintWriter log) {
        Dataset[] data = FashionData.split(config.seed, true, config.trainSamples, config.validationSamples);
        log.printf("batchnorm: %d training and %d validation images (14x14)%n", data[0].size(), data[1].size());
        Run plain = train(false, data[0], data[1], log);
        Run normalized = train(true, data[0], data[1], log);
        return new Result(config, plain, normalized);
    }

    private Run train(boolean bn, Dataset train, Dataset validation, PrintWriter log) {
        Tensor probe = backend.tensor(Shape.of(validation.size(), validation.sampleSize()), validation.features());
        // probed on an identical twin: a TRAIN-mode probe would move the trained model's running statistics
        Probe atInit = probe(model(train.sampleSize(), bn), probe);
        Sequential model = model(train.sampleSize(), bn);
        log.printf("batchnorm: %s: saturated fraction per layer at init %s%n", bn ? "with BN" : "without BN",
                format(atInit.saturated));
        History h = Trainer.builder().setModel(model).setLoss(new CrossEntropyLoss())
                .setOptimizer(new Sgd(new ArrayList<>(model.namedParameters().values()), config.lr, 0.9, 0, 0, false))
                .setEpochs(config.epochs).optBatchSize(config.batchSize).optSeed(config.seed)
                .addCallback(new EpochLine("batchnorm: " + (bn ? "with BN" : "without BN"), log)).build()
                .fit(train, validation);
        Probe after = probe(model, probe);
        return new Run(bn, atInit.saturated, atInit.std, after.saturated, atInit.values, h.series("train_loss"),
                h.series("val_loss"), h.series("val_accuracy"));
    }

    private record Probe(double[] saturated, double[] std, List<float[]> values) {
    }

    /** The tanh inputs of every hidden layer in TRAIN mode, what training sees (BN uses batch statistics). */
    private static Probe probe(Sequential model, Tensor x) {
        ActivationReport report = new ActivationReport(40, -8, 8);
        List<float[]> values = new ArrayList<>();
        Tensor h = x;
        Layer previous = null;
        String previousName = "input";
        for (Map.Entry<String, Layer> e : model.children().entrySet()) {
            Layer layer = e.getValue();
            if (layer instanceof Tanh) {
                values.add(h.toArray());
                report.add(previousName, e.getKey(), h, previous instanceof BatchNorm b ? b : null);
            }
            h = layer.forward(h, Mode.TRAIN);
            previous = layer;
            previousName = e.getKey();
        }
        double[] saturated = report.entries().stream().mapToDouble(en -> en.summary().saturatedFraction()).toArray();
        double[] std = report.entries().stream().mapToDouble(en -> en.summary().std()).toArray();
        return new Probe(saturated, std, values);
    }

    private Sequential model(int inputs, boolean bn) {
        SplittableRandom random = new SplittableRandom(config.seed);
        List<Layer> layers = new ArrayList<>();
        int in = inputs;
        for (int d = 0; d < config.depth; d++) {
            layers.add(new Linear(backend, in, config.width, !bn, random));   // BN's shift replaces the bias
            if (bn) {
                layers.add(BatchNorm.batchNorm1d(config.width).build(backend));
            }
            layers.add(new Tanh());
            in = config.width;
        }
        layers.add(new Linear(backend, in, 10, random));
        Sequential model = new Sequential(layers);
        ModelInitializer.builder().kind("Linear", ParameterRole.WEIGHT, Init.xavierNormal(GAIN))
                .kind("Linear", ParameterRole.BIAS, Init.zeros()).optLint(LintMode.OFF).build()
                .initialize(model, config.seed);
        return model;
    }

    static String format(double[] values) {
        return String.join(" ", Arrays.stream(values).mapToObj(TextTable::num).toList());
    }
}
