package dev.nn.validate;

import dev.nn.api.layer.Layer;
import dev.nn.core.data.Dataset;
import dev.nn.core.train.Callback;
import dev.nn.core.train.History;
import dev.nn.core.train.Trainer;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * A {@link FoldFitter} that trains with nn-core's {@code Trainer} on a core {@code Dataset}: per fold it takes the
 * fold's subsets, fits nn-core's {@code Standardizer} on the training subset only and applies it to both, builds a
 * fresh model from the fold's generator, and runs the Trainer with that same generator (batch order), an optional
 * {@link EarlyStoppingCallback} and the given loss and optimizer. Training figures are the Trainer's (averaged over
 * the epoch's batches, Keras style); validation figures are measured after each epoch in eval mode.
 */
public final class TrainerFitter implements FoldFitter {
    private final FitSettings settings;
    private final BooleanSupplier stop;

    private TrainerFitter(Builder b) {
        this.settings = b.settings("TrainerFitter");
        this.stop = b.stop;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public FitHistory fit(FoldContext fold) {
        FitSettings.Parts parts = settings.parts(fold.train(), fold.validation());
        Dataset validation = fold.validation().length == 0 ? null : parts.validation();
        RandomGenerator random = fold.random();
        Layer model = settings.newModel(random);
        Trainer.Builder trainer = Trainer.builder().setModel(model).setLoss(settings.lossFactory().get())
                .setOptimizer(settings.newOptimizer(model))
                .setEpochs(settings.epochs()).optBatchSize(settings.batchSize()).optRandom(random)
                .optBackend(settings.backend());
        EarlyStopping stopping = settings.newEarlyStopping();
        EarlyStoppingCallback stopper = stopping == null ? null : new EarlyStoppingCallback(stopping);
        if (stopper != null) {
            trainer.addCallback(stopper);
        }
        if (stop != null) {
            trainer.addCallback(Callback.stopWhen(stop));
        }
        History history = trainer.build().fit(parts.train(), validation);
        return FitHistory.from(history, stopper == null ? -1 : stopper.keptEpoch());
    }

    /** Settings of a {@link TrainerFitter}. */
    public static final class Builder extends FitterBuilder<Builder> {
        private BooleanSupplier stop;

        private Builder() {
        }

        /**
         * Stops a fold's training after the current batch once {@code condition} is true (Ctrl-C); pair it with
         * {@link CrossValidation.Builder#optStopWhen}, which leaves such a fold out of the result.
         *
         * @param condition polled after every batch; default none
         * @return this
         */
        public Builder optStopWhen(BooleanSupplier condition) {
            this.stop = condition;
            return this;
        }

        @Override
        Builder self() {
            return this;
        }

        /** {@return the fitter} */
        public TrainerFitter build() {
            return new TrainerFitter(this);
        }
    }
}
