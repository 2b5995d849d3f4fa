package dev.nn.model;

import dev.nn.api.NnException;
import dev.nn.api.backend.Backend;
import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.NamedProviders;
import dev.nn.api.tensor.Shape;
import dev.nn.core.layer.Sequential;
import dev.nn.init.ModelInitializer;
import dev.nn.regularize.NoiseSource;
import dev.nn.validate.trial.TrialWork;
import java.io.Serializable;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * How to train a classifier, as plain data that can travel to another JVM: the model recipe's text
 * ({@link ModelSpec}), its initialization ({@link ModelInitializers}), the optimizer, the epochs and batch size,
 * feature standardization, early stopping and the backend. {@link #work()} is the {@link TrialWork} that builds and
 * trains the model wherever a trial runs, so cross-validation and grid search can run on any
 * {@link dev.nn.validate.trial.TrialRunner}. The same recipe and the same trial give the same history, bit for bit,
 * on the same backend.
 *
 * @param model the model recipe, e.g. {@code mlp:256,128;norm=batch;dropout=0} (stored in full form)
 * @param init {@code recommended}, {@code default} or an installed initializer's name
 * @param optimizer the optimizer and its settings
 * @param epochs passes over the training part, at least 1
 * @param batchSize samples per step, at least 1
 * @param standardize standardize the features with the training part's statistics
 * @param patience early stopping on validation loss after that many epochs without improvement, restoring the best
 *                 weights; 0 for none (a fit without validation rows trains every epoch)
 * @param backend the backend's name (a comma list picks the first usable), or null to select by the
 *                {@code nn.backend} property, the {@code NN_BACKEND} variable or priority where the trial runs
 * @param threads worker threads of a multi-threaded backend, 0 for all cores
 */
public record TrainingRecipe(String model, String init, OptimizerRecipe optimizer, int epochs, int batchSize,
                             boolean standardize, int patience, String backend, int threads) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Parses the model recipe (stored in full form) and checks the numbers. */
    public TrainingRecipe {
        model = ModelSpec.parse(Objects.requireNonNull(model, "model")).toString();
        init = Objects.requireNonNull(init, "init").strip();
        Objects.requireNonNull(optimizer, "optimizer");
        if (epochs < 1 || batchSize < 1) {
            throw new NnException("A training recipe needs epochs and batch size >= 1, got " + epochs + " and "
                    + batchSize);
        }
        if (patience < 0) {
            throw new NnException("Early-stopping patience must be >= 0 (0 turns it off), got " + patience);
        }
        if (threads < 0) {
            throw new NnException("threads must be >= 0 (0 = all cores), got " + threads);
        }
        backend = backend == null || backend.isBlank() ? null : backend.strip();
    }

    /** {@return a builder: init recommended, adam at 0.001, 5 epochs, batches of 64, standardized, no early stop} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the model recipe} */
    public ModelSpec spec() {
        return ModelSpec.parse(model);
    }

    /**
     * A fresh model and what initialized each parameter.
     *
     * @param model the model
     * @param init which initializer drew each parameter
     */
    public record InitializedModel(Sequential model, ModelInitializer.Outcome init) {
    }

    /**
     * Builds the model and initializes it; the building draws, the initialization and the dropout masks all come
     * from {@code modelSeed}.
     *
     * @param on where the parameters live
     * @param sampleShape one input sample
     * @param classes the number of classes (outputs)
     * @param modelSeed seeds the initialization and the dropout masks
     * @param initializers where initializer names are looked up
     * @return the model and its initialization
     */
    public InitializedModel initialized(Backend on, Shape sampleShape, int classes, long modelSeed,
                                        NamedProviders<InitializerProvider> initializers) {
        Sequential net = spec().build(on, sampleShape, classes, new SplittableRandom(modelSeed),
                NoiseSource.of(modelSeed));
        return new InitializedModel(net, ModelInitializers.named(init, initializers).initialize(net, modelSeed));
    }

    /** {@return the work that trains this recipe on a trial's split, for any trial runner} */
    public TrialWork work() {
        return new RecipeWork(this);
    }

    /** Settings of a {@link TrainingRecipe}; only the model is required. */
    public static final class Builder {
        private String model;
        private String init = ModelInitializers.RECOMMENDED;
        private OptimizerRecipe optimizer = OptimizerRecipe.of("adam", null, 0);
        private int epochs = 5;
        private int batchSize = 64;
        private boolean standardize = true;
        private int patience;
        private String backend;
        private int threads;

        private Builder() {
        }

        /**
         * {@return this}
         *
         * @param recipe the model recipe, e.g. {@code mlp:64}
         */
        public Builder setModel(String recipe) {
            this.model = recipe;
            return this;
        }

        /**
         * {@return this}
         *
         * @param name {@code recommended}, {@code default} or an initializer's name; default recommended
         */
        public Builder optInit(String name) {
            this.init = name;
            return this;
        }

        /**
         * {@return this}
         *
         * @param o the optimizer; default adam at 0.001 without weight decay
         */
        public Builder optOptimizer(OptimizerRecipe o) {
            this.optimizer = o;
            return this;
        }

        /**
         * {@return this}
         *
         * @param n passes over the training part; default 5
         */
        public Builder optEpochs(int n) {
            this.epochs = n;
            return this;
        }

        /**
         * {@return this}
         *
         * @param n samples per step; default 64
         */
        public Builder optBatchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /**
         * {@return this}
         *
         * @param on standardize features with the training part's statistics; default true
         */
        public Builder optStandardize(boolean on) {
            this.standardize = on;
            return this;
        }

        /**
         * {@return this}
         *
         * @param epochs early stopping on validation loss after that many epochs without improvement; default 0
         *               (off)
         */
        public Builder optPatience(int epochs) {
            this.patience = epochs;
            return this;
        }

        /**
         * {@return this}
         *
         * @param name the backend where trials run; default null (selected where the trial runs)
         */
        public Builder optBackend(String name) {
            this.backend = name;
            return this;
        }

        /**
         * {@return this}
         *
         * @param n worker threads of a multi-threaded backend; default 0 (all cores)
         */
        public Builder optThreads(int n) {
            this.threads = n;
            return this;
        }

        /** {@return the recipe} */
        public TrainingRecipe build() {
            if (model == null) {
                throw new NnException("A training recipe needs setModel, e.g. \"mlp:256,128\"");
            }
            return new TrainingRecipe(model, init, optimizer, epochs, batchSize, standardize, patience, backend,
                    threads);
        }
    }
}
