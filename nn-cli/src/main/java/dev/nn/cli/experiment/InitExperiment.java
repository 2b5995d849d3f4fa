package dev.nn.cli.experiment;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.init.Initializer;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.cli.report.Charts;
import dev.nn.core.data.Dataset;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import dev.nn.core.layer.Tanh;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Sgd;
import dev.nn.core.train.History;
import dev.nn.core.train.TextTable;
import dev.nn.core.train.Trainer;
import dev.nn.init.FanMode;
import dev.nn.init.Init;
import dev.nn.init.InitReport;
import dev.nn.init.LayerStats;
import dev.nn.init.LintMode;
import dev.nn.init.ModelInitializer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Zero, N(0, 1), Xavier (Glorot normal, gain 1) and He (Kaiming normal, fan_in, relu) initialization of a deep MLP
 * of ReLUs and of tanhs, probed with real Fashion-MNIST images through nn-init's {@link InitReport}: the activation
 * std after every hidden layer shows He keeping the ReLU signal's scale, Xavier letting it shrink by about sqrt(2)
 * per layer, N(0, 1) blowing it up by about sqrt(width / 2) per layer, and zeros killing it. Zeros also make every
 * unit of a layer identical, and gradient steps keep them identical (the symmetry problem): a short training run
 * counts the distinct units of the first layer and the training accuracy.
 */
final class InitExperiment {
    /** The initializations compared, in report order. */
    static final List<String> INITS = List.of("zeros", "normal(0,1)", "xavier", "he");
    /** The nonlinearities of the two MLPs. */
    static final List<String> ACTIVATIONS = List.of("relu", "tanh");

    /**
     * @param samples probe images
     * @param depth hidden layers (Linear + activation)
     * @param width units per hidden layer
     * @param trainEpochs epochs of the symmetry run (zeros vs He, ReLU MLP, on the probe images)
     * @param seed seed of the data draw, the initializations and the training order
     */
    record Config(int samples, int depth, int width, int trainEpochs, long seed) {
        /** The command's defaults. */
        static Config defaults() {
            return new Config(256, 10, 128, 3, 1);
        }
    }

    /**
     * One probe of one initialization through one MLP.
     *
     * @param init the initialization's name
     * @param activation relu or tanh
     * @param std activation std after each hidden layer, depth 1 first
     * @param saturated for tanh, fraction of pre-activations with |x| > 2 per layer (empty for relu)
     * @param identicalUnits whether every hidden layer's units were all identical on every sample
     * @param findings InitReport's findings in words
     */
    record Probe(String init, String activation, double[] std, double[] saturated, boolean identicalUnits,
                 List<String> findings) {
        /** @return std at the last hidden layer over std at the first: the change through depth */
        double growth() {
            return std[std.length - 1] / std[0];
        }
    }

    /**
     * A few SGD steps from one initialization.
     *
     * @param init the initialization
     * @param distinctUnits distinct weight rows of the first hidden layer after training
     * @param trainAccuracy last epoch's training accuracy
     */
    record SymmetryRun(String init, int distinctUnits, double trainAccuracy) {
    }

    /**
     * @param config the settings
     * @param inputStd std of the probe batch
     * @param probes one per activation and initialization
     * @param symmetry the zeros and He training runs
     */
    record Result(Config config, double inputStd, List<Probe> probes, List<SymmetryRun> symmetry)
            implements ExperimentResult {
        Probe probe(String activation, String init) {
            return probes.stream().filter(p -> p.activation.equals(activation) && p.init.equals(init)).findFirst()
                    .orElseThrow();
        }

        SymmetryRun run(String init) {
            return symmetry.stream().filter(r -> r.init.equals(init)).findFirst().orElseThrow();
        }

        @Override
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append("Initialization through depth: ").append(config.depth).append(" hidden layers of ")
                    .append(config.width).append(" units, ").append(config.samples)
                    .append(" standardized Fashion-MNIST images (input std ").append(TextTable.num(inputStd))
                    .append(")\n\n");
            for (String act : ACTIVATIONS) {
                List<String> header = new ArrayList<>(List.of("init (" + act + ")"));
                for (int d = 1; d <= config.depth; d++) {
                    header.add("std@" + d);
                }
                header.add("last/first");
                header.add("identical units");
                TextTable t = new TextTable(header.toArray(String[]::new));
                for (String init : INITS) {
                    Probe p = probe(act, init);
                    List<Object> row = new ArrayList<>(List.of(init));
                    Arrays.stream(p.std).forEach(row::add);
                    row.add(p.std[0] == 0 ? "n/a (all 0)" : TextTable.num(p.growth()));
                    row.add(p.identicalUnits ? "yes" : "no");
                    t.row(row.toArray());
                }
                sb.append(t).append('\n');
                if (act.equals("tanh")) {
                    TextTable s = new TextTable("init (tanh)", "saturated |x|>2, first layer", "last layer");
                    for (String init : INITS) {
                        Probe p = probe(act, init);
                        s.row(init, p.saturated[0], p.saturated[p.saturated.length - 1]);
                    }
                    sb.append(s).append('\n');
                }
            }
            TextTable sym = new TextTable("init (relu MLP, " + config.trainEpochs + " epochs SGD)",
                    "distinct units in layer 1", "train accuracy");
            symmetry.forEach(r -> sym.row(r.init, r.distinctUnits + " of " + config.width, r.trainAccuracy));
            sb.append(sym).append('\n');
            sb.append("He keeps the ReLU signal's scale through depth; Xavier (gain 1) halves its variance per ReLU "
                    + "layer;\nN(0,1) multiplies it by about width/2 per layer; zeros give identical (all-zero) units "
                    + "that gradient\nsteps cannot tell apart, so the network cannot learn beyond the class priors.\n");
            return sb.toString();
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("config", Map.of("samples", config.samples, "depth", config.depth, "width", config.width,
                    "train_epochs", config.trainEpochs, "seed", config.seed));
            m.put("input_std", inputStd);
            List<Object> list = new ArrayList<>();
            for (Probe p : probes) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("init", p.init);
                e.put("activation", p.activation);
                e.put("activation_std", p.std);
                e.put("saturated_fraction", p.saturated);
                e.put("identical_units", p.identicalUnits);
                e.put("findings", p.findings);
                list.add(e);
            }
            m.put("probes", list);
            m.put("symmetry", symmetry.stream().map(r -> Map.of("init", r.init, "distinct_units_layer1",
                    r.distinctUnits, "train_accuracy", r.trainAccuracy)).toList());
            return m;
        }

        @Override
        public Map<String, byte[]> charts() {
            Map<String, byte[]> charts = new LinkedHashMap<>();
            double[] depth = new double[config.depth];
            Arrays.setAll(depth, i -> i + 1);
            for (String act : ACTIVATIONS) {
                List<Charts.Series> series = new ArrayList<>();
                for (String init : INITS) {
                    Probe p = probe(act, init);
                    series.add(new Charts.Series(init + (p.std[0] == 0 ? " (all zero, not drawn)" : ""), depth,
                            p.std));
                }
                charts.put("activation-std-" + act + ".png", Charts.lines("Activation std by depth, " + act + " MLP ("
                        + config.width + " units per layer, Fashion-MNIST)", "hidden layer", "activation std (log)",
                        series, true));
            }
            return charts;
        }
    }

    private final Config config;
    private final Backend backend;

    InitExperiment(Config config, Backend backend) {
        this.config = config;
        this.backend = backend;
    }

    Result run(PrintWriter log) {
        Dataset data = FashionData.split(config.seed, false, config.samples)[0];
        Tensor input = backend.tensor(Shape.of(data.size(), data.sampleSize()), data.features());
        double inputStd = std(data.features());
        log.printf("init: %d Fashion-MNIST images, %d features, input std %.4g%n", data.size(), data.sampleSize(),
                inputStd);
        List<Probe> probes = new ArrayList<>();
        for (String act : ACTIVATIONS) {
            for (String init : INITS) {
                Sequential model = mlp(data.sampleSize(), act);
                initialize(model, init);
                InitReport report = InitReport.probe(model, input, new SplittableRandom(config.seed));
                Probe p = probe(init, act, report);
                log.printf("init: %-5s %-12s std layer 1 %-10s layer %d %-10s identical units: %s%n", act, init,
                        TextTable.num(p.std[0]), config.depth, TextTable.num(p.std[config.depth - 1]),
                        p.identicalUnits ? "yes" : "no");
                probes.add(p);
            }
        }
        List<SymmetryRun> symmetry = new ArrayList<>();
        for (String init : List.of("zeros", "he")) {
            Sequential model = mlp(data.sampleSize(), "relu");
            initialize(model, init);
            History h = Trainer.builder().setModel(model).setLoss(new CrossEntropyLoss())
                    .setOptimizer(new Sgd(new ArrayList<>(model.namedParameters().values()), 0.01, 0.9, 0, 0, false))
                    .setEpochs(config.trainEpochs).optBatchSize(32).optSeed(config.seed).build().fit(data, null);
            Linear first = (Linear) model.layers().getFirst();
            SymmetryRun r = new SymmetryRun(init, distinctRows(first), h.last().orElseThrow().trainAccuracy());
            log.printf("init: trained relu MLP from %s for %d epochs: %d distinct units in layer 1, train accuracy "
                    + "%.3f%n", init, config.trainEpochs, r.distinctUnits, r.trainAccuracy);
            symmetry.add(r);
        }
        return new Result(config, inputStd, probes, symmetry);
    }

    private Sequential mlp(int inputs, String activation) {
        SplittableRandom random = new SplittableRandom(config.seed);
        Supplier<Layer> act = activation.equals("relu") ? ReLU::new : Tanh::new;
        List<Layer> layers = new ArrayList<>();
        int in = inputs;
        for (int d = 0; d < config.depth; d++) {
            layers.add(new Linear(backend, in, config.width, random));
            layers.add(act.get());
            in = config.width;
        }
        layers.add(new Linear(backend, in, 10, random));
        return new Sequential(layers);
    }

    private void initialize(Layer model, String init) {
        Initializer weights = switch (init) {
            case "zeros" -> Init.zeros();
            case "normal(0,1)" -> Init.normal(0, 1);
            case "xavier" -> Init.xavierNormal(1);
            case "he" -> Init.kaimingNormal(0, FanMode.FAN_IN, "relu");
            default -> throw new IllegalArgumentException("Unknown init " + init + "; known: " + INITS);
        };
        // the bad initializations are the point here, so the lint's warnings are not wanted
        ModelInitializer.builder().role(ParameterRole.WEIGHT, weights).role(ParameterRole.BIAS, Init.zeros())
                .optLint(LintMode.OFF).build().initialize(model, config.seed);
    }

    private Probe probe(String init, String act, InitReport report) {
        String kind = act.equals("relu") ? "ReLU" : "Tanh";
        List<LayerStats> hidden = report.layers().stream().filter(s -> s.kind().equals(kind)).toList();
        double[] std = hidden.stream().mapToDouble(LayerStats::activationStd).toArray();
        double[] saturated = act.equals("tanh")
                ? hidden.stream().mapToDouble(LayerStats::saturatedFraction).toArray() : new double[0];
        boolean identical = hidden.stream().allMatch(LayerStats::identicalUnits);
        return new Probe(init, act, std, saturated, identical, report.findings());
    }

    /** Rows of the weight that differ in at least one value. */
    static int distinctRows(Linear layer) {
        float[] w = layer.weight().value().toArray();
        int in = layer.inFeatures();
        Set<List<Float>> rows = new HashSet<>();
        for (int r = 0; r < layer.outFeatures(); r++) {
            List<Float> row = new ArrayList<>(in);
            for (int c = 0; c < in; c++) {
                row.add(w[r * in + c]);
            }
            rows.add(row);
        }
        return rows.size();
    }

    static double std(float[] v) {
        double mean = 0;
        for (float x : v) {
            mean += x;
        }
        mean /= v.length;
        double ss = 0;
        for (float x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / v.length);
    }
}
