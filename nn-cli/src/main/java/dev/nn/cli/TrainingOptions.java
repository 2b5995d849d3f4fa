package dev.nn.cli;

import com.google.inject.Inject;
import com.google.inject.Provider;
import dev.nn.api.NnException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.NamedProviders;
import dev.nn.cli.data.DataSource;
import dev.nn.core.data.ClassIndices;
import dev.nn.core.data.Dataset;
import dev.nn.core.inject.BackendFactory;
import dev.nn.core.layer.Sequential;
import dev.nn.core.optim.CosineAnnealingLR;
import dev.nn.core.optim.Optimizer;
import dev.nn.core.optim.ReduceLROnPlateau;
import dev.nn.core.optim.StepLR;
import dev.nn.core.train.LrScheduleCallback;
import dev.nn.model.ModelInitializers;
import dev.nn.model.ModelSpec;
import dev.nn.model.OptimizerRecipe;
import dev.nn.model.TrainingRecipe;
import dev.nn.validate.HoldOut;
import dev.nn.validate.HoldOutSplit;
import dev.nn.validate.Samples;
import dev.nn.validate.SizeSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The options {@code nn train} and {@code nn cv} share: data, model, initialization, optimizer, schedule. */
final class TrainingOptions {
    // From the application's wiring (NnModule or what overrides it), looked up when the command runs: after
    // --plugin-path has loaded its plugins.
    @Inject
    private Provider<BackendFactory> backends;
    @Inject
    private Provider<NamedProviders<InitializerProvider>> initializers;

    @Option(names = "--data", paramLabel = "DIR",
            description = "folder of IDX files (train-images-idx3-ubyte[.gz] ...). Default: the full Fashion-MNIST "
                    + "in /usr/share/datasets/fashion-mnist when installed, else the bundled 10k test set")
    Path data;

    @Option(names = "--csv", paramLabel = "FILE", description = "a CSV file with a header row instead of IDX data")
    Path csv;

    @Option(names = "--label", paramLabel = "COLUMN", description = "the CSV's label column (with --csv)")
    String label;

    @Option(names = "--model", defaultValue = "mlp:256,128",
            description = "mlp:W1,W2,... or cnn:C1,C2,..., optionally with ;norm=NAME;dropout=P (default: "
                    + "${DEFAULT-VALUE})")
    String model;

    @Option(names = "--init", defaultValue = "recommended",
            description = "recommended (He before ReLU), default (PyTorch's layer defaults) or any initializer name "
                    + "(kaiming_normal, xavier_uniform, normal, zeros, ...) for weights (default: ${DEFAULT-VALUE})")
    String init;

    @Option(names = "--norm", paramLabel = "NAME",
            description = "batch, layer, group, instance, rms, none or any installed normalization (a plugin's "
                    + "power_norm, ...) after each Linear/Conv (default: batch)")
    String norm;

    @Option(names = "--dropout", paramLabel = "P",
            description = "drop probability after each hidden layer (default: 0)")
    Double dropout;

    @Option(names = "--class-names", paramLabel = "A,B,...", split = ",",
            description = "class names by label index (IDX data and CSV class indices), or the order of a CSV's "
                    + "word labels; default: a classes.txt beside IDX files, a CSV's sorted words, else 0, 1, ...")
    List<String> classNames;

    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd, adam or adamw (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", description = "learning rate (default: 0.05 for sgd, 0.001 otherwise)")
    Double lr;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 (sgd, adam) or decoupled (adamw) decay")
    double weightDecay;

    @Option(names = "--lr-schedule", defaultValue = "none",
            description = "none, cosine (anneal to 0 over --epochs), step (x0.1 every third of the epochs) or plateau "
                    + "(x0.1 after 2 epochs without validation-loss improvement); nn train only (default: ${DEFAULT-VALUE})")
    String lrSchedule;

    @Option(names = "--epochs", defaultValue = "5", description = "passes over the training set (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", description = "samples per step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seed", defaultValue = "42", description = "one seed for splits, init, shuffling, dropout")
    long seed;

    @Option(names = "--backend", paramLabel = "NAME", description = "compute backend (default: nn.backend, NN_BACKEND, "
            + "else the highest priority available)")
    String backend;

    @Option(names = "--threads", defaultValue = "0", description = "worker threads for multi-threaded backends, 0 = all")
    int threads;

    @Option(names = "--limit", paramLabel = "N", description = "use at most N training samples, drawn with the seed "
            + "keeping the class proportions; only those are converted (quick runs)")
    Integer limit;

    @Option(names = "--max-classes", defaultValue = "" + ClassIndices.DEFAULT_MAX_CLASSES, paramLabel = "N",
            description = "labels must be class indices below N; a larger one is refused as corrupt "
                    + "(default: ${DEFAULT-VALUE})")
    int maxClasses;

    /** {@return the backend {@code --backend} (or the property, environment or priority) chooses, with --threads} */
    Backend backend() {
        return backends.get().open(backend, new BackendConfig(threads));
    }

    /**
     * {@return the line naming the backend and its threads, followed by a warning line when {@code --threads} asked
     * for several threads and the backend computes on one}
     *
     * @param b the open backend
     */
    String backendLine(Backend b) {
        String line = "backend: " + b.name() + (b.threads() > 1 ? ", " + b.threads() + " threads" : "");
        if (threads > 1 && b.threads() == 1) {
            line += "\nwarning: --threads " + threads + " has no effect: the " + b.name() + " backend computes on one "
                    + "thread; choose a multi-threaded backend (nn backends lists them) or drop --threads";
        }
        return line;
    }

    /** Rejects values that would fail later, deep inside a run, with the option's name. */
    void validate() {
        if (csv != null && data != null) {
            throw new NnException("--data and --csv both given; choose one data source");
        }
        if (csv != null && label == null) {
            throw new NnException("--csv needs --label COLUMN naming the label column");
        }
        if (label != null && csv == null) {
            throw new NnException("--label names the label column of a --csv file, but the data is IDX (--data or "
                    + "the default); add --csv FILE, or drop --label");
        }
        if (lr != null && !(lr > 0 && lr < Double.POSITIVE_INFINITY)) {
            throw new NnException("--lr must be a finite number > 0, got " + number(lr) + " (e.g. 0.001 for adam, "
                    + "0.05 for sgd)");
        }
        if (!(weightDecay >= 0 && weightDecay < Double.POSITIVE_INFINITY)) {
            throw new NnException("--weight-decay must be a finite number >= 0, got " + number(weightDecay));
        }
        if (threads < 0) {
            throw new NnException("--threads must be >= 0 (0 = all cores), got " + threads);
        }
        if (maxClasses < 2) {
            throw new NnException("--max-classes must be >= 2, got " + maxClasses);
        }
        if (dropout != null && !(dropout >= 0 && dropout < 1)) {
            throw new NnException("--dropout must be in [0, 1), got " + dropout);
        }
        if (epochs < 1 || batch < 1) {
            throw new NnException("--epochs and --batch must be >= 1, got " + epochs + " and " + batch);
        }
        if (limit != null && limit < 10) {
            throw new NnException("--limit must be at least 10 samples, got " + limit);
        }
        spec();
        optimizerKind();
        try {
            checkInitializer();
        } catch (IllegalArgumentException needsParameters) {   // the registry's error for a required parameter
            throw new NnException("--init " + init + " needs parameters that nn train and nn cv do not pass ("
                    + needsParameters.getMessage() + "); choose one that needs none: recommended, default, "
                    + "kaiming_normal, xavier_uniform, normal, ...", needsParameters);
        }
        if (!List.of("none", "cosine", "step", "plateau").contains(lrSchedule.toLowerCase(Locale.ROOT))) {
            throw new NnException("Unknown --lr-schedule '" + lrSchedule + "'. Valid: none, cosine, step, plateau");
        }
    }

    /**
     * {@return the model recipe: {@code --model}, with {@code --norm} and {@code --dropout} when given}
     *
     * @throws NnException when the recipe and an option both set the normalization or the dropout
     */
    ModelSpec spec() {
        ModelSpec spec = ModelSpec.parse(model);
        String text = model.toLowerCase(Locale.ROOT);
        if (norm != null) {
            if (text.contains("norm=")) {
                throw new NnException("--model " + model + " sets norm= and --norm " + norm + " is given too; set "
                        + "the normalization once");
            }
            spec = spec.withNorm(norm);
        }
        if (dropout != null) {
            if (text.contains("dropout=")) {
                throw new NnException("--model " + model + " sets dropout= and --dropout " + number(dropout)
                        + " is given too; set the dropout once");
            }
            spec = spec.withDropout(dropout);
        }
        return spec;
    }

    /**
     * @param optimizer the run's optimizer
     * @return the callback that applies {@code --lr-schedule} after each epoch, if any
     */
    java.util.Optional<dev.nn.core.train.Callback> schedule(Optimizer optimizer) {
        return java.util.Optional.ofNullable(switch (lrSchedule.toLowerCase(Locale.ROOT)) {
            case "cosine" -> LrScheduleCallback.of(new CosineAnnealingLR(optimizer, epochs));
            case "step" -> LrScheduleCallback.of(new StepLR(optimizer, Math.max(1, epochs / 3), 0.1));
            case "plateau" -> LrScheduleCallback.onPlateau(ReduceLROnPlateau.builder(optimizer).optFactor(0.1)
                    .optPatience(2).build(), "val_loss");
            default -> null;
        });
    }

    /** The data, with labels checked against {@code --max-classes}, and only the {@code --limit} samples kept. */
    DataSource load() {
        DataSource.Reading reading = new DataSource.Reading(maxClasses, limit == null ? null : this::limitSamples,
                classNames == null ? List.of() : classNames);
        if (csv != null) {
            return DataSource.csv(csv, label, reading);
        }
        return data != null ? DataSource.idxFolder(data, reading) : DataSource.defaults(reading);
    }

    /**
     * @param classes every training sample's class
     * @return at most {@code --limit} of them, drawn with the seed and keeping the class proportions; null for all
     */
    int[] limitSamples(int[] classes) {
        int n = classes.length;
        if (limit >= n) {
            return null;
        }
        requireTwoPerClass(classes, "the " + n + " samples read (--limit draws keeping the class proportions)");
        int k = (int) Arrays.stream(classes).distinct().count();
        if (limit < k) {
            throw new NnException("--limit " + limit + " is fewer than the " + k + " classes: a draw that keeps the "
                    + "class proportions needs a sample of each; raise --limit to at least " + k);
        }
        if (n - limit < k) {
            throw new NnException("--limit " + limit + " leaves " + (n - limit) + " of the " + n + " samples out, "
                    + "fewer than the " + k + " classes, so the draw cannot keep the class proportions; use --limit "
                    + (n - k) + " or less, or drop --limit to use all " + n);
        }
        HoldOutSplit s = HoldOut.builder().optTrainSize(SizeSpec.count(limit))
                .optTestSize(SizeSpec.count(n - limit)).optShuffle(true).optSeed(seed).optStratify(true)
                .build().split(Samples.labeled(classes));
        return s.train();
    }

    /**
     * @param classes class indices
     * @param where the data, for the message
     * @throws NnException when all samples are of one class: there is nothing to classify, and the diagnosis'
     *         trivial baseline (the class-prior cross-entropy) would be 0
     */
    static void requireTwoClasses(int[] classes, String where) {
        int[] distinct = Arrays.stream(classes).distinct().limit(2).toArray();
        if (distinct.length < 2) {
            throw new NnException("every sample in " + where + " is of class " + (distinct.length == 0 ? "-"
                    : distinct[0]) + ": a classifier needs samples of at least 2 classes; check the label column "
                    + "or file, or add samples of the other classes");
        }
    }

    /**
     * @param classes class indices
     * @param where the data, for the message
     * @throws NnException naming a class with a single sample: stratified splits need two of every class
     */
    static void requireTwoPerClass(int[] classes, String where) {
        int[] counts = new int[Arrays.stream(classes).max().orElse(-1) + 1];
        for (int c : classes) {
            counts[c]++;
        }
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] == 1) {
                throw new NnException("class " + c + " has only 1 sample in " + where + "; a stratified split needs "
                        + "at least 2 of every class: add samples of class " + c + ", or remove it");
            }
        }
    }

    /** @return a double as the user would write it: {@code 0}, {@code 1.5}, {@code Infinity} */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** A fresh model with the requested initialization, from the run's seed, and what initialized it. */
    TrainingRecipe.InitializedModel initialized(Backend b, Dataset train) {
        return recipe(null, 0).initialized(b, train.sampleShape(), Math.max(train.numClasses(), 2), seed,
                initializers.get());
    }

    /**
     * {@return the options as a recipe that trains anywhere (the initializers' names resolved where it trains)}
     *
     * @param backendName the backend the recipe opens, or null to select where it trains
     * @param patience early stopping on validation loss, 0 = off
     */
    TrainingRecipe recipe(String backendName, int patience) {
        return new TrainingRecipe(spec().toString(), init, optimizerRecipe(), epochs, batch, true, patience,
                backendName, threads);
    }

    /** {@return {@code --optimizer}, {@code --lr} and {@code --weight-decay} as a recipe} */
    OptimizerRecipe optimizerRecipe() {
        return OptimizerRecipe.of(optimizerKind(), lr, weightDecay);
    }

    /** Resolves {@code --init} once, so a name that is not installed fails before anything runs. */
    private void checkInitializer() {
        ModelInitializers.named(init, initializers.get());
    }

    private String optimizerKind() {
        String kind = optimizer.toLowerCase(Locale.ROOT);
        if (!OptimizerRecipe.KINDS.contains(kind)) {
            throw new NnException("Unknown --optimizer '" + optimizer + "'. Valid: "
                    + String.join(", ", OptimizerRecipe.KINDS));
        }
        return kind;
    }

    Optimizer optimizer(Sequential net) {
        return optimizer(List.copyOf(net.namedParameters().values()));
    }

    Optimizer optimizer(List<dev.nn.api.layer.Parameter> params) {
        return optimizerRecipe().create(params);
    }

    /** @return the options as a map for reports */
    java.util.Map<String, Object> describe() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("model", model);
        m.put("init", init);
        m.put("norm", spec().norm());
        m.put("dropout", spec().dropout());
        m.put("optimizer", optimizer);
        m.put("lr", optimizerRecipe().learningRate());
        m.put("weight_decay", weightDecay);
        m.put("lr_schedule", lrSchedule);
        m.put("epochs", epochs);
        m.put("batch", batch);
        m.put("seed", seed);
        m.put("limit", limit);
        return m;
    }
}
