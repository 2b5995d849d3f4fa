package dev.nn.validate.trial;

import dev.nn.core.data.Dataset;
import dev.nn.validate.FitHistory;
import dev.nn.validate.FoldContext;
import java.io.Serializable;
import java.util.function.BooleanSupplier;

/**
 * Trains one fresh model on one split of the data and records its per-epoch history: the unit of work a
 * {@link TrialRunner} ships to wherever trials run. A work is a pure function of its arguments: it builds a new model
 * per call and draws all randomness from {@link FoldContext#seed()}, so any thread or JVM running the same trial on
 * the same backend gets the same history, bit for bit.
 *
 * <p>Runners that send trials to other JVMs serialize the work: it must then hold only plain data (a recipe), never
 * a live backend, a data set or a lambda. A work that cannot travel is refused before anything runs.
 */
public interface TrialWork extends Serializable {
    /**
     * {@return the trial's per-epoch history (at least {@code loss}, and {@code val_loss} when the validation part
     * is not empty)}
     *
     * @param fold the rows to train and validate on, as indices into {@code data}, and the trial's seed
     * @param data all samples of the job
     * @param stop true once the run is to stop; a long fit polls it and ends early (its result is then discarded)
     */
    FitHistory fit(FoldContext fold, Dataset data, BooleanSupplier stop);

    /**
     * Trains as {@link #fit} does and also returns the trained model, for a job that asks for weights
     * ({@link TrialJob#returnWeights()}). The default refuses, and the trial comes back failed with why: a work
     * that does not describe its model has nothing a caller could load.
     *
     * @param fold the rows to train and validate on, as indices into {@code data}, and the trial's seed
     * @param data all samples of the job
     * @param stop true once the run is to stop
     * @return the history and the trained model as bytes
     * @throws UnsupportedOperationException when this work cannot return its model
     */
    default Trained fitAndKeep(FoldContext fold, Dataset data, BooleanSupplier stop) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot return its trained weights; run "
                + "the job without returnWeights, or train a work that can (a dev.nn.model.TrainingRecipe's work())");
    }

    /**
     * A trained model and how it trained.
     *
     * @param history the per-epoch record
     * @param weights the model as bytes the work documents (a {@code TrainingRecipe}'s are a complete model file)
     */
    record Trained(FitHistory history, byte[] weights) {
        /** Copies the weights. */
        public Trained {
            weights = weights.clone();
        }

        /** {@return a copy of the weights} */
        @Override
        public byte[] weights() {
            return weights.clone();
        }
    }
}
