package dev.nn.cli.experiment;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.cli.report.Charts;
import dev.nn.core.data.Dataset;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Adam;
import dev.nn.core.train.History;
import dev.nn.core.train.TextTable;
import dev.nn.core.train.Trainer;
import dev.nn.norm.BatchNorm;
import dev.nn.norm.LayerNorm;
import dev.nn.norm.StatisticsDrift;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * BatchNorm against LayerNorm. On a small table of people (height, weight, age; illustrative values, not a data
 * set) BatchNorm normalizes each column (feature) over the batch and LayerNorm each row (sample) over its features.
 * With a batch of two, BatchNorm's batch statistics turn every feature into exactly -1 or +1 (each value sits one
 * half-difference from the mean, which is also the biased std): all information but the sign of the difference is
 * gone. Training an MLP on Fashion-MNIST with batches of two shows the consequence: BatchNorm's running statistics,
 * averaged from two-sample batches, are noisy and its eval-mode accuracy lags, while LayerNorm, which never looks
 * across the batch, is unaffected.
 */
final class BnVsLnExperiment {
    /** Columns of {@link #PEOPLE}. */
    static final List<String> COLUMNS = List.of("height cm", "weight kg", "age years");
    /** Six made-up people: an illustrative table, not measured data. */
    static final float[][] PEOPLE = {
        {172, 68, 34}, {158, 52, 27}, {185, 90, 45}, {165, 61, 62}, {178, 77, 23}, {160, 70, 51}};

    /**
     * @param trainSamples training images (pooled to 14x14)
     * @param validationSamples validation images
     * @param hidden hidden units (Linear, norm, ReLU, twice)
     * @param epochs training epochs
     * @param smallBatch the failing batch size
     * @param largeBatch the reference batch size for BatchNorm
     * @param seed seed of the data draw, initialization and batch order
     */
    record Config(int trainSamples, int validationSamples, int hidden, int epochs, int smallBatch, int largeBatch,
                  long seed) {
        static Config defaults() {
            return new Config(600, 1000, 64, 3, 2, 32, 1);
        }
    }

    /**
     * One training run.
     *
     * @param norm batch or layer
     * @param batchSize mini-batch size
     * @param trainLoss training loss per epoch
     * @param valAccuracy eval-mode validation accuracy per epoch
     * @param drift for BatchNorm, how far the first BN layer's running statistics are from the statistics of its
     *              inputs over the whole training set; null for LayerNorm
     */
    record Run(String norm, int batchSize, double[] trainLoss, double[] valAccuracy, StatisticsDrift drift) {
        double finalValAccuracy() {
            return valAccuracy[valAccuracy.length - 1];
        }

        String label() {
            return norm + ", batch " + batchSize;
        }
    }

    /**
     * @param config the settings
     * @param batchNormed the table normalized by BatchNorm (training mode, all six rows as one batch)
     * @param layerNormed the table normalized by LayerNorm
     * @param pairNormed the first two rows normalized by BatchNorm as a batch of two
     * @param runs BN at the small batch, LN at the small batch, BN at the large batch
     */
    record Result(Config config, float[][] batchNormed, float[][] layerNormed, float[][] pairNormed, List<Run> runs)
            implements ExperimentResult {
        Run run(String norm, int batchSize) {
            return runs.stream().filter(r -> r.norm.equals(norm) && r.batchSize == batchSize).findFirst()
                    .orElseThrow();
        }

        @Override
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append("BatchNorm vs LayerNorm on a table of six people (illustrative values, not a data set)\n\n");
            sb.append("input:\n").append(table(PEOPLE, true)).append('\n');
            sb.append("BatchNorm (training mode, batch = 6 rows): each COLUMN gets mean 0, std 1 over the batch\n")
                    .append(table(batchNormed, true)).append('\n');
            sb.append("LayerNorm (normalized_shape 3): each ROW gets mean 0, std 1 over its features (which mixes "
                    + "cm, kg and years)\n").append(table(layerNormed, true)).append('\n');
            sb.append("BatchNorm with a batch of 2 (the first two people): every feature becomes -1 or +1\n")
                    .append(table(pairNormed, false)).append('\n');
            TextTable t = new TextTable("Fashion-MNIST MLP", "train loss (last epoch)", "val acc (eval mode)",
                    "running-stat mean shift", "running-stat |log var ratio|");
            for (Run r : runs) {
                t.row(r.label(), r.trainLoss[r.trainLoss.length - 1], r.finalValAccuracy(),
                        r.drift == null ? "n/a" : TextTable.num(r.drift.meanShift()),
                        r.drift == null ? "n/a" : TextTable.num(r.drift.meanAbsLogVarRatio()));
            }
            sb.append("training ").append(config.epochs).append(" epochs on ").append(config.trainSamples)
                    .append(" images (14x14), MLP 196-").append(config.hidden).append("-").append(config.hidden)
                    .append("-10 with a norm layer before each ReLU, Adam lr 1e-3, same seed; running statistics "
                    + "compared\nwith the statistics of the first BN layer's inputs over the whole training set "
                    + "(channel averages):\n").append(t).append('\n');
            sb.append("With two samples per batch BatchNorm's statistics are those of a pair: its running averages are "
                    + "noisy and\nits eval-mode accuracy lags; LayerNorm normalizes each sample alone and does not "
                    + "care about the batch size.\n");
            return sb.toString();
        }

        /** The table with the column statistics below it, and per-row statistics at its right. */
        private static String table(float[][] rows, boolean stats) {
            List<String> header = new ArrayList<>(List.of("row"));
            header.addAll(COLUMNS);
            header.add("row mean");
            header.add("row std");
            TextTable t = new TextTable(header.toArray(String[]::new));
            for (int r = 0; r < rows.length; r++) {
                double[] row = toDouble(rows[r]);
                t.row(r + 1, row[0], row[1], row[2], mean(row), std(row));
            }
            if (stats) {
                double[][] cols = columns(rows);
                t.row("column mean", mean(cols[0]), mean(cols[1]), mean(cols[2]), "", "");
                t.row("column std", std(cols[0]), std(cols[1]), std(cols[2]), "", "");
            }
            return t.toString();
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("columns", COLUMNS);
            m.put("people_illustrative", List.of(PEOPLE));
            m.put("batch_norm", List.of(batchNormed));
            m.put("layer_norm", List.of(layerNormed));
            m.put("batch_norm_batch_of_2", List.of(pairNormed));
            List<Object> list = new ArrayList<>();
            for (Run r : runs) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("norm", r.norm);
                e.put("batch_size", r.batchSize);
                e.put("train_loss", r.trainLoss);
                e.put("val_accuracy", r.valAccuracy);
                if (r.drift != null) {
                    e.put("running_mean_shift", r.drift.meanShift());
                    e.put("running_abs_log_var_ratio", r.drift.meanAbsLogVarRatio());
                }
                list.add(e);
            }
            m.put("training", Map.of("epochs", config.epochs, "train_samples", config.trainSamples,
                    "validation_samples", config.validationSamples, "hidden", config.hidden, "seed", config.seed,
                    "runs", list));
            return m;
        }

        @Override
        public Map<String, byte[]> charts() {
            double[] epochs = new double[config.epochs];
            Arrays.setAll(epochs, i -> i + 1);
            List<Charts.Series> series = runs.stream()
                    .map(r -> new Charts.Series(r.label(), epochs, r.valAccuracy)).toList();
            return Map.of("val-accuracy-bn-vs-ln.png", Charts.lines("Eval-mode validation accuracy: BatchNorm vs "
                    + "LayerNorm at batch size " + config.smallBatch, "epoch", "validation accuracy", series, false));
        }
    }

    private final Config config;
    private final Backend backend;

    BnVsLnExperiment(Config config, Backend backend) {
        this.config = config;
        this.backend = backend;
    }

    Result run(PrintWriter log) {
        Tensor people = backend.tensor(Shape.of(PEOPLE.length, 3), flat(PEOPLE));
        float[][] bn = rows(BatchNorm.batchNorm1d(3).build(backend).forward(people, Mode.TRAIN).toArray(), 3);
        float[][] ln = rows(new LayerNorm(backend, 3).forward(people, Mode.TRAIN).toArray(), 3);
        Tensor pair = backend.tensor(Shape.of(2, 3), flat(Arrays.copyOf(PEOPLE, 2)));
        float[][] bn2 = rows(BatchNorm.batchNorm1d(3).build(backend).forward(pair, Mode.TRAIN).toArray(), 3);
        log.printf("bn-vs-ln: BatchNorm of a batch of 2 people: %s%n", Arrays.deepToString(bn2));
        Dataset[] data = FashionData.split(config.seed, true, config.trainSamples, config.validationSamples);
        List<Run> runs = new ArrayList<>();
        runs.add(train("BatchNorm", config.smallBatch, data[0], data[1], log));
        runs.add(train("LayerNorm", config.smallBatch, data[0], data[1], log));
        runs.add(train("BatchNorm", config.largeBatch, data[0], data[1], log));
        return new Result(config, bn, ln, bn2, runs);
    }

    private Run train(String norm, int batchSize, Dataset train, Dataset validation, PrintWriter log) {
        SplittableRandom random = new SplittableRandom(config.seed);
        boolean batch = norm.equals("BatchNorm");
        List<Layer> layers = new ArrayList<>();
        int in = train.sampleSize();
        for (int i = 0; i < 2; i++) {
            layers.add(new Linear(backend, in, config.hidden, random));
            layers.add(batch ? BatchNorm.batchNorm1d(config.hidden).build(backend)
                    : new LayerNorm(backend, config.hidden));
            layers.add(new ReLU());
            in = config.hidden;
        }
        layers.add(new Linear(backend, in, 10, random));
        Sequential model = new Sequential(layers);
        History h = Trainer.builder().setModel(model).setLoss(new CrossEntropyLoss())
                .setOptimizer(new Adam(new ArrayList<>(model.namedParameters().values()), 1e-3))
                .setEpochs(config.epochs).optBatchSize(batchSize).optSeed(config.seed)
                .addCallback(new EpochLine("bn-vs-ln: " + norm + ", batch " + batchSize, log)).build()
                .fit(train, validation);
        StatisticsDrift drift = batch ? drift(model, train) : null;
        if (drift != null) {
            log.printf("bn-vs-ln: %s, batch %d: running statistics vs whole training set: mean shift %.4f std, "
                    + "|log var ratio| %.4f%n", norm, batchSize, drift.meanShift(), drift.meanAbsLogVarRatio());
        }
        return new Run(norm, batchSize, h.series("train_loss"), h.series("val_accuracy"), drift);
    }

    /** The first BN layer's running statistics against its inputs' statistics over the whole training set. */
    private StatisticsDrift drift(Sequential model, Dataset train) {
        Layer linear = model.layers().get(0);
        BatchNorm bn = (BatchNorm) model.layers().get(1);
        float[] runningMean = bn.runningMean().orElseThrow().toArray();
        float[] runningVar = bn.runningVar().orElseThrow().toArray();
        Tensor x = backend.tensor(Shape.of(train.size(), train.sampleSize()), train.features());
        bn.forward(linear.forward(x, Mode.EVAL), Mode.TRAIN);   // batch statistics of the whole training set
        return StatisticsDrift.of(bn.lastBatchStatistics().orElseThrow(), runningMean, runningVar, bn.eps());
    }

    static float[] flat(float[][] rows) {
        float[] f = new float[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, f, r * rows[r].length, rows[r].length);
        }
        return f;
    }

    static float[][] rows(float[] flat, int cols) {
        float[][] rows = new float[flat.length / cols][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = Arrays.copyOfRange(flat, r * cols, r * cols + cols);
        }
        return rows;
    }

    static double[][] columns(float[][] rows) {
        double[][] cols = new double[rows[0].length][rows.length];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length; c++) {
                cols[c][r] = rows[r][c];
            }
        }
        return cols;
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        Arrays.setAll(d, i -> v[i]);
        return d;
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    /** Population std (ddof 0), the one both norms divide by. */
    static double std(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length);
    }
}
