package dev.nn.validate;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Parameter;
import dev.nn.core.data.Dataset;
import dev.nn.core.data.Standardizer;
import dev.nn.core.loss.Loss;
import dev.nn.core.optim.Optimizer;
import dev.nn.core.train.History;
import dev.nn.core.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A {@link FoldFitter} that trains with nn-core's {@code Trainer} on a core {@code Dataset}: per fold it takes the
 * fold's subsets, fits nn-core's {@code Standardizer} on the training subset only and applies it to both, builds a
 * fresh model from the fold's generator, and runs the Trainer with that same generator (batch order), an optional
 * {@link EarlyStoppingCallback} and the given loss and optimizer. Training figures are the Trainer's (averaged over
 * the epoch's batches, Keras style); validation figures are measured after each epoch in eval mode.
 */
public final class TrainerFitter implements FoldFitter {
    private final Dataset data;
    private final Backend backend;
    private final ModelFactory modelFactory;
    private final Supplier<? extends Loss> lossFactory;
    private final Function<List<Parameter>, ? extends Optimizer> optimizerFactory;
    private final int epochs;
    private final int batchSize;
    private final boolean standardize;
    private final Supplier<EarlyStopping> earlyStopping;

    private TrainerFitter(Builder b) {
        if (b.data == null || b.backend == null || b.modelFactory == null || b.lossFactory == null
                || b.optimizerFactory == null) {
            throw new IllegalArgumentException("TrainerFitter needs setData, setBackend, setModel, setLoss and "
                    + "setOptimizer");
        }
        this.data = b.data;
        this.backend = b.backend;
        this.modelFactory = b.modelFactory;
        this.lossFactory = b.lossFactory;
        this.optimizerFactory = b.optimizerFactory;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.standardize = b.standardize;
        this.earlyStopping = b.earlyStopping;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public FitHistory fit(FoldContext fold) {
        Dataset train = data.subset(fold.train());
        Dataset validation = fold.validation().length == 0 ? null : data.subset(fold.validation());
        if (standardize) {
            Standardizer s = Standardizer.fit(train);
            train = s.transform(train);
            validation = validation == null ? null : s.transform(validation);
        }
        RandomGenerator random = fold.random();
        Layer model = modelFactory.create(backend, data.sampleSize(), random);
        Trainer.Builder trainer = Trainer.builder().setModel(model).setLoss(lossFactory.get())
                .setOptimizer(optimizerFactory.apply(new ArrayList<>(model.namedParameters().values())))
                .setEpochs(epochs).optBatchSize(batchSize).optRandom(random).optBackend(backend);
        EarlyStoppingCallback stopper = earlyStopping == null ? null : new EarlyStoppingCallback(earlyStopping.get());
        if (stopper != null) {
            trainer.addCallback(stopper);
        }
        History history = trainer.build().fit(train, validation);
        return FitHistory.from(history, stopper == null ? -1 : stopper.keptEpoch());
    }

    /** Settings of a {@link TrainerFitter}. */
    public static final class Builder {
        private Dataset data;
        private Backend backend;
        private ModelFactory modelFactory;
        private Supplier<? extends Loss> lossFactory;
        private Function<List<Parameter>, ? extends Optimizer> optimizerFactory;
        private int epochs = 100;
        private int batchSize = 32;
        private boolean standardize = true;
        private Supplier<EarlyStopping> earlyStopping;

        private Builder() {
        }

        /**
         * @param d all samples; folds take subsets by index
         * @return this
         */
        public Builder setData(Dataset d) {
            this.data = d;
            return this;
        }

        /**
         * @param b where models and batches live
         * @return this
         */
        public Builder setBackend(Backend b) {
            this.backend = b;
            return this;
        }

        /**
         * @param factory builds a fresh model per fold
         * @return this
         */
        public Builder setModel(ModelFactory factory) {
            this.modelFactory = factory;
            return this;
        }

        /**
         * @param factory a new loss per fold
         * @return this
         */
        public Builder setLoss(Supplier<? extends Loss> factory) {
            this.lossFactory = factory;
            return this;
        }

        /**
         * @param factory builds the optimizer over a model's parameters
         * @return this
         */
        public Builder setOptimizer(Function<List<Parameter>, ? extends Optimizer> factory) {
            this.optimizerFactory = factory;
            return this;
        }

        /**
         * @param n maximum number of epochs; default 100
         * @return this
         */
        public Builder optEpochs(int n) {
            this.epochs = n;
            return this;
        }

        /**
         * @param n mini-batch size; default 32
         * @return this
         */
        public Builder optBatchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /**
         * @param on standardize features with training-subset statistics; default true
         * @return this
         */
        public Builder optStandardize(boolean on) {
            this.standardize = on;
            return this;
        }

        /**
         * @param factory a fresh early stopping per fold; default none
         * @return this
         */
        public Builder optEarlyStopping(Supplier<EarlyStopping> factory) {
            this.earlyStopping = factory;
            return this;
        }

        /** @return the fitter */
        public TrainerFitter build() {
            return new TrainerFitter(this);
        }
    }
}
