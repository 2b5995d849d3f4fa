package dev.nn.model;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.backend.Backends;
import dev.nn.api.init.Initializers;
import dev.nn.core.data.Dataset;
import dev.nn.core.data.Standardizer;
import dev.nn.core.layer.Sequential;
import dev.nn.core.state.ModelState;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.train.Callback;
import dev.nn.core.train.Trainer;
import dev.nn.validate.EarlyStopping;
import dev.nn.validate.EarlyStoppingCallback;
import dev.nn.validate.FitHistory;
import dev.nn.validate.FoldContext;
import dev.nn.validate.trial.TrialWork;
import java.util.ArrayList;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * Trains a {@link TrainingRecipe} on one trial's split, wherever the trial runs: opens the recipe's backend, takes
 * the split's rows (standardized with the training rows' statistics), builds the model from the trial's generator
 * (its first draw seeds initialization and dropout; the rest shuffles batches), trains it with nn-core's
 * {@code Trainer} and closes the backend. Early stopping applies when the split has validation rows to watch.
 *
 * @param recipe what to train
 */
record RecipeWork(TrainingRecipe recipe) implements TrialWork {
    private static final long serialVersionUID = 1L;

    @Override
    public FitHistory fit(FoldContext fold, Dataset data, BooleanSupplier stop) {
        return train(fold, data, stop, false).history();
    }

    /** {@return the history and the trained model as the bytes of a model file ({@link Model#load} reads it)} */
    @Override
    public Trained fitAndKeep(FoldContext fold, Dataset data, BooleanSupplier stop) {
        return train(fold, data, stop, true);
    }

    private Trained train(FoldContext fold, Dataset data, BooleanSupplier stop, boolean keep) {
        BackendConfig config = new BackendConfig(recipe.threads());
        try (Backend backend = recipe.backend() == null ? Backends.select(config)
                : Backends.select(recipe.backend(), config)) {
            Dataset train = data.subset(fold.train());
            Dataset validation = data.subset(fold.validation());
            Standardizer scaler = recipe.standardize() ? Standardizer.fit(train) : null;
            if (scaler != null) {
                train = scaler.transform(train);
                validation = validation.size() == 0 ? validation : scaler.transform(validation);
            }
            RandomGenerator random = fold.random();
            int classes = Math.max(data.numClasses(), 2);
            long modelSeed = random.nextLong();
            Sequential model = recipe.initialized(backend, data.sampleShape(), classes, modelSeed,
                    Initializers.registry()).model();
            Trainer.Builder trainer = Trainer.builder().setModel(model).setLoss(new CrossEntropyLoss())
                    .setOptimizer(recipe.optimizer().create(new ArrayList<>(model.namedParameters().values())))
                    .setEpochs(recipe.epochs()).optBatchSize(recipe.batchSize()).optRandom(random)
                    .optBackend(backend).addCallback(Callback.stopWhen(stop));
            // a fit without validation rows (a grid search's refit) has no validation loss to stop on
            EarlyStoppingCallback stopper = recipe.patience() == 0 || validation.size() == 0 ? null
                    : new EarlyStoppingCallback(
                    EarlyStopping.builder().optMonitor(FitHistory.VAL_LOSS).optPatience(recipe.patience())
                            .optRestoreBestWeights(true).build());
            if (stopper != null) {
                trainer.addCallback(stopper);
            }
            var history = trainer.build().fit(train, validation.size() == 0 ? null : validation);
            FitHistory fitted = FitHistory.from(history, stopper == null ? -1 : stopper.keptEpoch());
            return new Trained(fitted, keep ? modelFile(model, backend, data, scaler, modelSeed) : new byte[0]);
        }
    }

    /** The trained network with its recipe, input shape, classes and standardizer, as a model file's bytes. */
    private byte[] modelFile(Sequential network, Backend backend, Dataset data, Standardizer scaler, long seed) {
        int features = data.sampleSize();
        Standardizer used = scaler != null ? scaler : Standardizer.of(new float[features], ones(features));
        Model trained = Model.builder().setSpec(recipe.spec()).setNetwork(network).setBackend(backend)
                .setInputShape(data.sampleShape()).setStandardizer(used).setClassNames(Model.classNames(data))
                .optSeed(seed).build();
        return ModelState.encode(network, trained.metadata());
    }

    private static float[] ones(int n) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, 1f);
        return out;
    }
}
