package dev.nn.validate;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Parameter;
import dev.nn.core.data.Dataset;
import dev.nn.core.loss.Loss;
import dev.nn.core.optim.Optimizer;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The settings that {@link NetworkFitter} and {@link TrainerFitter} share, as a builder base whose setters return
 * the concrete builder (like the JDK's {@code AbstractStringBuilder}).
 *
 * @param <B> the concrete builder
 */
abstract class FitterBuilder<B extends FitterBuilder<B>> {
    private Dataset data;
    private Backend backend;
    private ModelFactory modelFactory;
    private Supplier<? extends Loss> lossFactory;
    private Function<List<Parameter>, ? extends Optimizer> optimizerFactory;
    private int epochs = 100;
    private int batchSize = 32;
    private boolean standardize = true;
    private Supplier<EarlyStopping> earlyStopping;

    FitterBuilder() {
    }

    /** @return this builder as its concrete type */
    abstract B self();

    /**
     * {@return this}
     *
     * @param samples all samples (sample shape {@code [features]}) with their targets; folds take subsets by index
     */
    public B setData(Dataset samples) {
        this.data = samples;
        return self();
    }

    /**
     * {@return this}
     *
     * @param b where models and batches live
     */
    public B setBackend(Backend b) {
        this.backend = b;
        return self();
    }

    /**
     * {@return this}
     *
     * @param factory builds a fresh model per fold
     */
    public B setModel(ModelFactory factory) {
        this.modelFactory = factory;
        return self();
    }

    /**
     * {@return this}
     *
     * @param factory a new loss per fold (losses keep state between forward and backward)
     */
    public B setLoss(Supplier<? extends Loss> factory) {
        this.lossFactory = factory;
        return self();
    }

    /**
     * {@return this}
     *
     * @param factory builds the optimizer over a model's parameters
     */
    public B setOptimizer(Function<List<Parameter>, ? extends Optimizer> factory) {
        this.optimizerFactory = factory;
        return self();
    }

    /**
     * {@return this}
     *
     * @param n maximum number of epochs; default 100
     */
    public B optEpochs(int n) {
        this.epochs = n;
        return self();
    }

    /**
     * {@return this}
     *
     * @param n mini-batch size; default 32
     */
    public B optBatchSize(int n) {
        this.batchSize = n;
        return self();
    }

    /**
     * {@return this}
     *
     * @param on standardize features with training-part statistics; default true
     */
    public B optStandardize(boolean on) {
        this.standardize = on;
        return self();
    }

    /**
     * {@return this}
     *
     * @param factory a fresh early stopping per fold; default none
     */
    public B optEarlyStopping(Supplier<EarlyStopping> factory) {
        this.earlyStopping = factory;
        return self();
    }

    /**
     * @param fitter the fitter's class name, for the message
     * @return the settings, once every required one is set
     * @throws IllegalArgumentException if a required setting is missing
     */
    FitSettings settings(String fitter) {
        if (data == null || backend == null || modelFactory == null || lossFactory == null
                || optimizerFactory == null) {
            throw new IllegalArgumentException(fitter + " needs setData, setBackend, setModel, setLoss and "
                    + "setOptimizer");
        }
        return new FitSettings(data, backend, modelFactory, lossFactory, optimizerFactory, epochs, batchSize,
                standardize, earlyStopping);
    }
}
