package dev.nn.validate;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Parameter;
import dev.nn.core.data.Dataset;
import dev.nn.core.data.Standardizer;
import dev.nn.core.loss.Loss;
import dev.nn.core.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What a fitter trains with, and the per-fold steps both fitters take: subset and standardize, build a fresh model
 * and its optimizer.
 *
 * @param data all samples
 * @param backend where models and batches live
 * @param modelFactory builds a fresh model per fold
 * @param lossFactory a new loss per fold
 * @param optimizerFactory builds the optimizer over a model's parameters
 * @param epochs maximum number of epochs
 * @param batchSize mini-batch size
 * @param standardize standardize features with training-part statistics
 * @param earlyStopping a fresh early stopping per fold; null for none
 */
record FitSettings(Dataset data, Backend backend, ModelFactory modelFactory, Supplier<? extends Loss> lossFactory,
                   Function<List<Parameter>, ? extends Optimizer> optimizerFactory, int epochs, int batchSize,
                   boolean standardize, Supplier<EarlyStopping> earlyStopping) {

    /**
     * A fold's two parts, standardized with the training part's statistics when that is on.
     *
     * @param scaler the fitted standardizer; null when standardization is off
     * @param train the training rows
     * @param validation the validation rows (empty when there are none)
     */
    record Parts(Standardizer scaler, Dataset train, Dataset validation) {
    }

    /**
     * @param train rows to fit on (the standardizer is fitted on them)
     * @param validation rows to evaluate on; may be empty
     * @return the two subsets, standardized when that is on
     */
    Parts parts(int[] train, int[] validation) {
        Dataset trainSet = data.subset(train);
        Dataset valSet = data.subset(validation);
        if (!standardize) {
            return new Parts(null, trainSet, valSet);
        }
        Standardizer scaler = Standardizer.fit(trainSet);
        return new Parts(scaler, scaler.transform(trainSet),
                validation.length == 0 ? valSet : scaler.transform(valSet));
    }

    /**
     * @param random the fold's generator
     * @return a fresh model for the data's feature count
     */
    Layer newModel(RandomGenerator random) {
        return modelFactory.create(backend, data.sampleSize(), random);
    }

    /**
     * @param model the model to optimize
     * @return a fresh optimizer over its parameters
     */
    Optimizer newOptimizer(Layer model) {
        return optimizerFactory.apply(new ArrayList<>(model.namedParameters().values()));
    }

    /** @return a fresh early stopping for one fold, or null when there is none */
    EarlyStopping newEarlyStopping() {
        return earlyStopping == null ? null : earlyStopping.get();
    }
}
