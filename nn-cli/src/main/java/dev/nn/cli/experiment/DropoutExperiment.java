package dev.nn.cli.experiment;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.cli.report.Charts;
import dev.nn.core.data.Dataset;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Adam;
import dev.nn.core.train.TextTable;
import dev.nn.regularize.Dropout;
import dev.nn.regularize.NoiseSource;
import dev.nn.validate.FitHistory;
import dev.nn.validate.NetworkFitter;
import dev.nn.validate.Task;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * Dropout against over-fitting: a wide MLP (two hidden layers) trained with Adam on a small training subset of
 * Fashion-MNIST memorizes it, and its validation accuracy stays far below the training accuracy; the same MLP with
 * dropout after every hidden layer (same seed, data, batches and epochs) keeps the gap smaller. Both accuracies are
 * measured after every epoch in eval mode (dropout off), so the gap is not blurred by the training-time noise.
 */
final class DropoutExperiment {
    /**
     * @param trainSamples training images (pooled to 14x14)
     * @param validationSamples validation images
     * @param width units per hidden layer
     * @param p drop probability of the dropout run
     * @param epochs training epochs
     * @param seed seed of the data draw, initialization, batch order and masks
     */
    record Config(int trainSamples, int validationSamples, int width, double p, int epochs, long seed) {
        static Config defaults() {
            return new Config(500, 1000, 256, 0.5, 15, 1);
        }
    }

    /**
     * One model's curves, per epoch.
     *
     * @param p drop probability (0 = no dropout)
     * @param trainAccuracy accuracy on the training images, eval mode
     * @param valAccuracy accuracy on the validation images
     * @param trainLoss loss on the training images, eval mode
     * @param valLoss loss on the validation images
     */
    record Run(double p, double[] trainAccuracy, double[] valAccuracy, double[] trainLoss, double[] valLoss) {
        /** @return final training accuracy minus final validation accuracy */
        double gap() {
            return trainAccuracy[trainAccuracy.length - 1] - valAccuracy[valAccuracy.length - 1];
        }

        double finalTrain() {
            return trainAccuracy[trainAccuracy.length - 1];
        }

        double finalVal() {
            return valAccuracy[valAccuracy.length - 1];
        }

        String label() {
            return p == 0 ? "no dropout" : "dropout p=" + p;
        }
    }

    /**
     * @param config the settings
     * @param plain without dropout
     * @param dropout with dropout
     */
    record Result(Config config, Run plain, Run dropout) implements ExperimentResult {
        @Override
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append("Dropout vs over-fitting: MLP 196-").append(config.width).append('-').append(config.width)
                    .append("-10 (ReLU), Adam lr 1e-3, batch 32, ").append(config.epochs).append(" epochs, ")
                    .append(config.trainSamples).append(" training / ").append(config.validationSamples)
                    .append(" validation Fashion-MNIST images (14x14)\n\n");
            TextTable t = new TextTable("model", "train acc", "val acc", "gap (train - val)", "train loss",
                    "val loss");
            for (Run r : List.of(plain, dropout)) {
                t.row(r.label(), r.finalTrain(), r.finalVal(), r.gap(), r.trainLoss[r.trainLoss.length - 1],
                        r.valLoss[r.valLoss.length - 1]);
            }
            sb.append(t).append('\n');
            sb.append("Without dropout the network memorizes the small training set; dropout narrows the gap between "
                    + "training\nand validation accuracy (accuracies measured in eval mode after the last epoch).\n");
            return sb.toString();
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("config", Map.of("train_samples", config.trainSamples, "validation_samples",
                    config.validationSamples, "width", config.width, "p", config.p, "epochs", config.epochs,
                    "seed", config.seed));
            for (Run r : List.of(plain, dropout)) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("p", r.p);
                e.put("train_accuracy", r.trainAccuracy);
                e.put("val_accuracy", r.valAccuracy);
                e.put("train_loss", r.trainLoss);
                e.put("val_loss", r.valLoss);
                e.put("final_gap", r.gap());
                m.put(r.p == 0 ? "without_dropout" : "with_dropout", e);
            }
            return m;
        }

        @Override
        public Map<String, byte[]> charts() {
            double[] epochs = new double[config.epochs];
            Arrays.setAll(epochs, i -> i + 1);
            List<Charts.Series> acc = new ArrayList<>();
            List<Charts.Series> loss = new ArrayList<>();
            for (Run r : List.of(plain, dropout)) {
                acc.add(new Charts.Series("train, " + r.label(), epochs, r.trainAccuracy));
                acc.add(new Charts.Series("validation, " + r.label(), epochs, r.valAccuracy));
                loss.add(new Charts.Series("train, " + r.label(), epochs, r.trainLoss));
                loss.add(new Charts.Series("validation, " + r.label(), epochs, r.valLoss));
            }
            Map<String, byte[]> charts = new LinkedHashMap<>();
            charts.put("accuracy-curves.png", Charts.lines("Train vs validation accuracy, " + config.trainSamples
                    + " training images", "epoch", "accuracy", acc, false));
            charts.put("loss-curves.png", Charts.lines("Train vs validation loss, " + config.trainSamples
                    + " training images", "epoch", "cross-entropy", loss, false));
            return charts;
        }
    }

    private final Config config;
    private final Backend backend;

    DropoutExperiment(Config config, Backend backend) {
        this.config = config;
        this.backend = backend;
    }

    Result run(PrintWriter log) {
        Dataset[] parts = FashionData.split(config.seed, true, config.trainSamples, config.validationSamples);
        Dataset all = FashionData.concat(parts[0], parts[1]);
        int[] train = IntStream.range(0, config.trainSamples).toArray();
        int[] validation = IntStream.range(config.trainSamples, all.size()).toArray();
        log.printf("dropout: %d training and %d validation images (14x14)%n", train.length, validation.length);
        Run plain = train(0, all, train, validation, log);
        Run dropout = train(config.p, all, train, validation, log);
        return new Result(config, plain, dropout);
    }

    private Run train(double p, Dataset all, int[] train, int[] validation, PrintWriter log) {
        NetworkFitter fitter = NetworkFitter.builder().setData(all).setBackend(backend).optTask(Task.CLASSIFICATION)
                .setModel((b, in, r) -> mlp(b, in, p, r)).setLoss(CrossEntropyLoss::new)
                .setOptimizer(params -> new Adam(params, 1e-3)).optEpochs(config.epochs).optBatchSize(32)
                .optStandardize(false).build();
        FitHistory h = fitter.train(train, validation, new SplittableRandom(config.seed)).history();
        Run r = new Run(p, h.series("accuracy"), h.series("val_accuracy"), h.series(FitHistory.LOSS),
                h.series(FitHistory.VAL_LOSS));
        for (int e = 0; e < config.epochs; e++) {
            log.printf("dropout: %s epoch %d  train acc %.3f  val acc %.3f  gap %.3f%n", r.label(), e + 1,
                    r.trainAccuracy[e], r.valAccuracy[e], r.trainAccuracy[e] - r.valAccuracy[e]);
        }
        return r;
    }

    private Layer mlp(Backend b, int inputs, double p, RandomGenerator random) {
        NoiseSource noise = NoiseSource.from(random);
        List<Layer> layers = new ArrayList<>();
        int in = inputs;
        for (int i = 0; i < 2; i++) {
            layers.add(new Linear(b, in, config.width, random));
            layers.add(new ReLU());
            if (p > 0) {
                layers.add(new Dropout(p, noise));
            }
            in = config.width;
        }
        layers.add(new Linear(b, in, 10, random));
        return new Sequential(layers);
    }
}
