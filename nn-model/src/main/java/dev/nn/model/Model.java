package dev.nn.model;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.data.DataException;
import dev.nn.core.data.Dataset;
import dev.nn.core.data.Standardizer;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.state.CheckpointException;
import dev.nn.core.state.ModelState;
import dev.nn.core.state.Safetensors;
import dev.nn.core.train.Evaluation;
import dev.nn.core.train.Trainer;
import dev.nn.regularize.NoiseSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A classifier as it is kept and used: the network, the recipe that builds it, the standardizer fitted on its
 * training data, the shape of one raw input and the class names. It takes raw (unstandardized) inputs, and its file
 * ({@link #save}) describes it fully, so {@link #load} gives back a model whose predictions equal the saved one's.
 *
 * <pre>{@code
 * Model model = Model.create(ModelSpec.parse("mlp:64;norm=batch"), train, backend, 42);
 * Trainer.builder().setModel(model.network()) ... .build().fit(model.standardize(train), model.standardize(val));
 * model.save(Path.of("iris.safetensors"));
 * Prediction p = Model.load(Path.of("iris.safetensors")).predict(5.1f, 3.5f, 1.4f, 0.2f);
 * }</pre>
 */
public final class Model {
    /** The model file in a run folder of {@code nn train}. */
    public static final String FILE_NAME = "model.safetensors";
    private static final int DEFAULT_BATCH = 64;

    private final ModelSpec spec;
    private final Sequential network;
    private final Backend backend;
    private final Shape inputShape;
    private final Standardizer standardizer;
    private final List<String> classNames;
    private final long seed;

    private Model(Builder b) {
        this.spec = Objects.requireNonNull(b.spec, "setSpec");
        this.network = Objects.requireNonNull(b.network, "setNetwork");
        this.backend = Objects.requireNonNull(b.backend, "setBackend");
        this.inputShape = Objects.requireNonNull(b.inputShape, "setInputShape");
        this.standardizer = Objects.requireNonNull(b.standardizer, "setStandardizer");
        this.classNames = List.copyOf(Objects.requireNonNull(b.classNames, "setClassNames"));
        this.seed = b.seed;
        if (standardizer.mean().length != inputShape.size()) {
            throw new DataException("The standardizer was fitted on " + standardizer.mean().length + " values per "
                    + "sample but the input shape " + inputShape + " has " + inputShape.size());
        }
        if (classNames.size() < 2 || classNames.stream().distinct().count() != classNames.size()) {
            throw new DataException("A classifier needs at least 2 distinct class names, got " + classNames);
        }
    }

    /** {@return a builder, for a network built and trained elsewhere} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A fresh model for the training data: the recipe's network with PyTorch's default initialization and dropout
     * masks drawn from {@code seed}, the standardizer fitted on {@code train}, and its class names (or
     * {@code "0"}, {@code "1"}, ... when the labels are bare indices).
     *
     * @param spec the recipe
     * @param train raw training samples with class labels; nothing else is used to fit the standardizer
     * @param backend where the parameters live
     * @param seed seeds the initialization and the dropout masks
     * @return the untrained model
     */
    public static Model create(ModelSpec spec, Dataset train, Backend backend, long seed) {
        List<String> classes = classNames(train);
        Sequential network = spec.build(backend, train.sampleShape(), classes.size(), new SplittableRandom(seed),
                NoiseSource.of(seed));
        return builder().setSpec(spec).setNetwork(network).setBackend(backend).setInputShape(train.sampleShape())
                .setStandardizer(Standardizer.fit(train)).setClassNames(classes).optSeed(seed).build();
    }

    /**
     * {@return the data's class names, or {@code "0"} ... {@code "K-1"} for bare class indices (at least two)}
     *
     * @param data samples with class labels
     */
    public static List<String> classNames(Dataset data) {
        if (!data.classNames().isEmpty()) {
            return data.classNames();
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < Math.max(data.numClasses(), 2); c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    /**
     * Loads a model file on the default backend ({@link Backends#select()}).
     *
     * @param path a model file, or a run folder of {@code nn train} holding {@value #FILE_NAME}
     * @return the model, in eval mode use
     * @throws CheckpointException when the file is missing, not a model file, or its description or weights are
     *                             damaged; the message says which and what to do
     */
    public static Model load(Path path) {
        return load(path, Backends.select());
    }

    /**
     * Loads a model file.
     *
     * @param path a model file, or a run folder of {@code nn train} holding {@value #FILE_NAME}
     * @param backend where the parameters go
     * @return the model
     * @throws CheckpointException when the file is missing, not a model file, or its description or weights are
     *                             damaged; the message says which and what to do
     */
    public static Model load(Path path, Backend backend) {
        Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(Files.isDirectory(path)
                    ? "Run folder " + path + " has no " + FILE_NAME + " (a run that finished no epoch saves none); "
                            + "pass the folder of a finished nn train run, or a model file"
                    : "Model file " + path + " does not exist; pass a model file or an nn train run folder");
        }
        ModelMetadata.Description d = ModelMetadata.read(Safetensors.read(file).metadata(), file.toString());
        Sequential network = d.spec().build(backend, d.inputShape(), d.classNames().size(),
                new SplittableRandom(d.seed()), NoiseSource.of(d.seed()));
        try {
            ModelState.load(network, file);
        } catch (CheckpointException e) {
            throw new CheckpointException(file + " does not hold the weights its description (" + d.spec() + ", "
                    + d.classNames().size() + " classes, input " + d.inputShape() + ") builds: " + e.getMessage()
                    + " The file is damaged or was edited: save the model again", e);
        }
        return builder().setSpec(d.spec()).setNetwork(network).setBackend(backend).setInputShape(d.inputShape())
                .setStandardizer(d.standardizer()).setClassNames(d.classNames()).optSeed(d.seed()).build();
    }

    /**
     * Saves the weights (PyTorch's names and dtypes, as {@link ModelState#save}) with this model's description
     * ({@link #metadata()}), atomically.
     *
     * @param file the model file
     */
    public void save(Path file) {
        ModelState.save(network, file, metadata());
    }

    /**
     * {@return the description a model file carries in its safetensors {@code __metadata__}: recipe, input shape,
     * class names, standardizer, nn version and seed; add it to a checkpoint's metadata to make it loadable}
     */
    public Map<String, String> metadata() {
        return ModelMetadata.of(this);
    }

    /**
     * {@return the data standardized as the network was trained: what to pass to a {@link Trainer}}
     *
     * @param raw samples of the input shape
     */
    public Dataset standardize(Dataset raw) {
        return standardizer.transform(shaped(raw));
    }

    /**
     * {@return one prediction per sample, in order}
     *
     * @param raw raw samples of the input shape (labels are ignored)
     */
    public List<Prediction> predict(Dataset raw) {
        return predict(raw, DEFAULT_BATCH);
    }

    /**
     * {@return one prediction per sample, in order}
     *
     * @param raw raw samples of the input shape (labels are ignored)
     * @param batchSize samples per forward pass
     */
    public List<Prediction> predict(Dataset raw, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        Dataset data = standardize(raw);
        int classes = classNames.size();
        List<Prediction> out = new ArrayList<>(data.size());
        for (int from = 0; from < data.size(); from += batchSize) {
            int[] rows = new int[Math.min(batchSize, data.size() - from)];
            int offset = from;
            Arrays.setAll(rows, i -> offset + i);
            var batch = data.batch(rows);
            Tensor x = backend.tensor(batch.shape(), batch.features());
            float[] logits = network.forward(x, Mode.EVAL).toArray();
            backend.free(x);
            for (int i = 0; i < rows.length; i++) {
                out.add(Prediction.of(Arrays.copyOfRange(logits, i * classes, (i + 1) * classes), classNames));
            }
        }
        return out;
    }

    /**
     * {@return the prediction for one raw sample}
     *
     * @param sample its {@code inputShape().size()} raw values, row-major
     */
    public Prediction predict(float... sample) {
        if (sample.length != inputShape.size()) {
            throw new DataException("This model reads samples of shape " + inputShape + " (" + inputShape.size()
                    + " values), got " + sample.length + " values");
        }
        return predict(new Dataset(sample.clone(), inputShape, new float[1])).getFirst();
    }

    /**
     * Mean cross-entropy and accuracy on labelled raw data, in eval mode. Labels are matched to this model's classes
     * by name when the data has class names (so a file holding only some classes is scored right), else they are
     * class indices.
     *
     * @param raw labelled raw samples
     * @return loss and accuracy
     */
    public Evaluation evaluate(Dataset raw) {
        return evaluate(raw, DEFAULT_BATCH);
    }

    /**
     * As {@link #evaluate(Dataset)}.
     *
     * @param raw labelled raw samples
     * @param batchSize samples per forward pass
     * @return loss and accuracy
     */
    public Evaluation evaluate(Dataset raw, int batchSize) {
        return Trainer.evaluate(network, new CrossEntropyLoss(), standardize(withModelClasses(raw)), batchSize,
                backend);
    }

    /**
     * {@return the data with its labels as this model's class indices}
     *
     * @param raw labelled samples: class names are matched by name, bare indices checked against the classes
     * @throws DataException naming a class the model does not know
     */
    public Dataset withModelClasses(Dataset raw) {
        float[] labels = raw.labels();
        if (raw.classNames().isEmpty()) {
            for (int i = 0; i < labels.length; i++) {
                if (!(labels[i] >= 0 && labels[i] < classNames.size() && labels[i] == Math.rint(labels[i]))) {
                    throw new DataException("Label " + labels[i] + " of sample " + i + " is not one of this model's "
                            + classNames.size() + " class indices (0.." + (classNames.size() - 1) + ")");
                }
            }
            return new Dataset(raw.features(), raw.sampleShape(), labels, classNames);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            index.put(classNames.get(c), c);
        }
        for (int i = 0; i < labels.length; i++) {
            String name = raw.classNames().get((int) labels[i]);
            Integer c = index.get(name);
            if (c == null) {
                throw new DataException("Class '" + name + "' of the data is not one of this model's classes "
                        + classNames + "; evaluate on data of the classes the model was trained on");
            }
            labels[i] = c;
        }
        return new Dataset(raw.features(), raw.sampleShape(), labels, classNames);
    }

    private Dataset shaped(Dataset raw) {
        if (raw.sampleShape().equals(inputShape)) {
            return raw;
        }
        if (raw.sampleSize() != inputShape.size()) {
            throw new DataException("This model reads samples of shape " + inputShape + " (" + inputShape.size()
                    + " values), the data has samples of shape " + raw.sampleShape() + " (" + raw.sampleSize()
                    + " values); pass data laid out as the training data was");
        }
        return raw.reshape(inputShape);
    }

    /** {@return the recipe} */
    public ModelSpec spec() {
        return spec;
    }

    /** {@return the network, taking standardized inputs} */
    public Sequential network() {
        return network;
    }

    /** {@return where the parameters live} */
    public Backend backend() {
        return backend;
    }

    /** {@return the shape of one raw input sample} */
    public Shape inputShape() {
        return inputShape;
    }

    /** {@return the standardizer fitted on the training data} */
    public Standardizer standardizer() {
        return standardizer;
    }

    /** {@return class names by output index} */
    public List<String> classNames() {
        return classNames;
    }

    /** {@return the seed of the run that built and trained it} */
    public long seed() {
        return seed;
    }

    /** {@return the version of nn running, from its module descriptor ({@code unknown} on the class path)} */
    static String nnVersion() {
        var descriptor = Model.class.getModule().getDescriptor();
        return descriptor == null ? "unknown" : descriptor.rawVersion().orElse("unknown");
    }

    @Override
    public String toString() {
        return "Model(" + spec + ", input " + inputShape + ", classes " + classNames + ")";
    }

    /** Settings of a {@link Model}; all but the seed are required. */
    public static final class Builder {
        private ModelSpec spec;
        private Sequential network;
        private Backend backend;
        private Shape inputShape;
        private Standardizer standardizer;
        private List<String> classNames;
        private long seed;

        private Builder() {
        }

        /**
         * {@return this}
         *
         * @param spec the recipe the network was built from ({@link ModelSpec#build})
         */
        public Builder setSpec(ModelSpec spec) {
            this.spec = spec;
            return this;
        }

        /**
         * {@return this}
         *
         * @param network the network, taking standardized inputs
         */
        public Builder setNetwork(Sequential network) {
            this.network = network;
            return this;
        }

        /**
         * {@return this}
         *
         * @param backend where the network's parameters live
         */
        public Builder setBackend(Backend backend) {
            this.backend = backend;
            return this;
        }

        /**
         * {@return this}
         *
         * @param inputShape one raw sample's shape
         */
        public Builder setInputShape(Shape inputShape) {
            this.inputShape = inputShape;
            return this;
        }

        /**
         * {@return this}
         *
         * @param standardizer fitted on the training data
         */
        public Builder setStandardizer(Standardizer standardizer) {
            this.standardizer = standardizer;
            return this;
        }

        /**
         * {@return this}
         *
         * @param classNames class names by output index
         */
        public Builder setClassNames(List<String> classNames) {
            this.classNames = classNames;
            return this;
        }

        /**
         * {@return this}
         *
         * @param seed the seed of the training run, recorded in the file (default 0)
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** {@return the model} */
        public Model build() {
            return new Model(this);
        }
    }
}
