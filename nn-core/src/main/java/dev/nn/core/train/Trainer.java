package dev.nn.core.train;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.data.Batch;
import dev.nn.core.data.DataLoader;
import dev.nn.core.data.Dataset;
import dev.nn.core.loss.Loss;
import dev.nn.core.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The training loop: for each epoch, the training set in (shuffled) batches, each batch forward in
 * {@link Mode#TRAIN}, loss, backward, optional gradient clipping and an optimizer step; then the validation set in
 * {@link Mode#EVAL}. Every epoch's training and validation loss and accuracy go into the {@link History}; callbacks
 * see every batch and epoch and may stop the run. The loss must be mean-reduced (the default), so that
 * {@code batch loss * batch size} sums to the epoch's total. Build one with {@link #builder()}.
 */
public final class Trainer {
    private final Layer model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final int epochs;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final RandomGenerator random;
    private final double clipGradNorm;
    private final Backend backend;
    private final int progressEvery;
    private final List<Callback> callbacks;

    private Trainer(Builder b) {
        this.model = b.model;
        this.loss = b.loss;
        this.optimizer = b.optimizer;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.random = b.random != null ? b.random : new SplittableRandom(b.seed);
        this.clipGradNorm = b.clipGradNorm;
        this.progressEvery = b.progressEvery;
        this.callbacks = List.copyOf(b.callbacks);
        this.backend = b.backend != null ? b.backend : parameterBackend(b.model);
    }

    private static Backend parameterBackend(Layer model) {
        for (Parameter p : model.namedParameters().values()) {
            return p.value().backend();
        }
        throw new IllegalArgumentException("The model has no parameters to take the backend from; set it with "
                + "optBackend(backend)");
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains for the configured epochs or until a callback stops it.
     *
     * <p>A step sends the batch to the backend (two host writes: inputs and targets) and reads nothing back: the
     * loss and the correct-prediction count of each step are copied into a metrics tensor on the backend, which is
     * read once every {@code progressEvery} steps and at the end of the epoch. Every buffer is reused, so after the
     * first step a step allocates nothing.
     *
     * @param train the training samples
     * @param validation samples measured after every epoch in eval mode, or null for none
     * @return the per-epoch record
     */
    public History fit(Dataset train, Dataset validation) {
        History history = new History();
        TrainingContext ctx = new TrainingContext(model, optimizer, history, epochs);
        DataLoader loader = new DataLoader(train, batchSize, shuffle, dropLast);
        List<Tensor> grads = model.namedParameters().values().stream().map(Parameter::grad).toList();
        try (StepMetrics metrics = new StepMetrics(backend, progressEvery)) {
            Tensor gradNorm = clipGradNorm > 0 ? backend.zeros(Shape.of()) : null;
            try {
                run(train, validation, ctx, loader, grads, metrics, gradNorm);
            } finally {
                if (gradNorm != null && !backend.isClosed()) {
                    backend.free(gradNorm);
                }
            }
        }
        return history;
    }

    private void run(Dataset train, Dataset validation, TrainingContext ctx, DataLoader loader, List<Tensor> grads,
                     StepMetrics metrics, Tensor gradNorm) {
        History history = ctx.history();
        callbacks.forEach(c -> c.onTrainBegin(ctx));
        for (int epoch = 1; epoch <= epochs && !ctx.stopRequested(); epoch++) {
            int e = epoch;
            callbacks.forEach(c -> c.onEpochBegin(ctx, e));
            long start = System.nanoTime();
            double lr = optimizer.learningRate();
            List<int[]> batches = loader.epochIndices(random);
            metrics.startEpoch(epoch, batches.size());
            for (int b = 0; b < batches.size(); b++) {
                Batch batch = train.batch(batches.get(b));
                Tensor targets = metrics.targets(batch);
                model.zeroGrad();
                Tensor out = model.forward(metrics.inputs(batch), Mode.TRAIN);
                Tensor l = loss.forward(out, targets);
                model.backward(loss.backward());
                if (gradNorm != null) {
                    backend.clipGradNorm(gradNorm, 0, grads, (float) clipGradNorm);
                }
                optimizer.step();
                metrics.record(l, out, targets, batch.size());
                int step = b + 1;
                callbacks.forEach(c -> c.onStepEnd(ctx, e, step));
                if (metrics.windowFull() || step == batches.size() || ctx.stopRequested()) {
                    BatchRecord record = metrics.flush();
                    callbacks.forEach(c -> c.onBatchEnd(ctx, record));
                }
                if (ctx.stopRequested()) {
                    break;
                }
            }
            if (ctx.stopRequested()) {
                break; // an interrupted epoch is not recorded
            }
            Evaluation val = validation == null ? null : evaluate(model, loss, validation, batchSize, backend);
            var record = new EpochRecord(epoch, metrics.epochLoss(), metrics.epochAccuracy(),
                    val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(), lr,
                    metrics.epochSamples(), (System.nanoTime() - start) / 1e9);
            history.add(record);
            callbacks.forEach(c -> c.onEpochEnd(ctx, record));
        }
        ctx.stopReason().ifPresent(history::stopped);
        callbacks.forEach(c -> c.onTrainEnd(ctx));
    }

    /**
     * Measures a model in {@link Mode#EVAL}; parameters and gradients are not touched. Each batch's loss and
     * correct count stay on the backend until all batches are done, then are read at once.
     *
     * @param model the model
     * @param loss a mean-reduced loss
     * @param data the samples
     * @param batchSize samples per forward pass
     * @param backend where to put the batches
     * @return mean loss and accuracy
     */
    public static Evaluation evaluate(Layer model, Loss loss, Dataset data, int batchSize, Backend backend) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("Cannot evaluate on an empty dataset");
        }
        DataLoader loader = new DataLoader(data, batchSize, false, false);
        List<int[]> batches = loader.epochIndices(null);
        try (StepMetrics metrics = new StepMetrics(backend, batches.size())) {
            metrics.startEpoch(0, batches.size());
            for (int[] idx : batches) {
                Batch batch = data.batch(idx);
                Tensor targets = metrics.targets(batch);
                Tensor out = model.forward(metrics.inputs(batch), Mode.EVAL);
                metrics.record(loss.forward(out, targets), out, targets, batch.size());
            }
            metrics.flush();
            return new Evaluation(metrics.epochLoss(), metrics.epochAccuracy(), data.size());
        }
    }

    /** Settings of a {@link Trainer}: model, loss, optimizer and epochs are required. */
    public static final class Builder {
        private Layer model;
        private Loss loss;
        private Optimizer optimizer;
        private int epochs;
        private int batchSize = 32;
        private boolean shuffle = true;
        private boolean dropLast;
        private long seed;
        private RandomGenerator random;
        private double clipGradNorm;
        private Backend backend;
        private int progressEvery = 20;
        private final List<Callback> callbacks = new ArrayList<>();

        private Builder() {
        }

        /**
         * {@return this}
         *
         * @param model what to train
         */
        public Builder setModel(Layer model) {
            this.model = model;
            return this;
        }

        /**
         * {@return this}
         *
         * @param loss a mean-reduced loss
         */
        public Builder setLoss(Loss loss) {
            this.loss = loss;
            return this;
        }

        /**
         * {@return this}
         *
         * @param optimizer over the model's parameters
         */
        public Builder setOptimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /**
         * {@return this}
         *
         * @param epochs passes over the training set, >= 1
         */
        public Builder setEpochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /**
         * {@return this}
         *
         * @param batchSize samples per step, default 32
         */
        public Builder optBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch_size must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * {@return this}
         *
         * @param shuffle a new sample order every epoch, default true
         */
        public Builder optShuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * {@return this}
         *
         * @param dropLast skip a last batch smaller than the batch size, default false
         */
        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /**
         * {@return this}
         *
         * @param seed seeds the shuffling order, default 0
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            this.random = null;
            return this;
        }

        /**
         * {@return this}
         *
         * @param random the source of the shuffling order (instead of a seed)
         */
        public Builder optRandom(RandomGenerator random) {
            this.random = random;
            return this;
        }

        /**
         * {@return this}
         *
         * @param maxNorm clip gradients to this global L2 norm before each step; 0 (default) = no clipping
         */
        public Builder optClipGradNorm(double maxNorm) {
            if (!(maxNorm >= 0)) {
                throw new IllegalArgumentException("clip_grad_norm max_norm must be >= 0 (0 = off), got " + maxNorm);
            }
            this.clipGradNorm = maxNorm;
            return this;
        }

        /**
         * {@return this}
         *
         * @param backend where batches go; default: the backend of the model's parameters
         */
        public Builder optBackend(Backend backend) {
            this.backend = backend;
            return this;
        }

        /**
         * {@return this}
         *
         * @param steps read the step metrics from the backend and report them to {@link Callback#onBatchEnd} every
         *              this many steps (and at the end of each epoch), default 20; 1 reads after every step, which
         *              costs a synchronization per step on a device
         */
        public Builder optProgressEvery(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("progress_every must be >= 1 step, got " + steps);
            }
            this.progressEvery = steps;
            return this;
        }

        /**
         * {@return this}
         *
         * @param callback called in the order added
         */
        public Builder addCallback(Callback callback) {
            this.callbacks.add(callback);
            return this;
        }

        /** {@return the trainer} */
        public Trainer build() {
            List<String> missing = new ArrayList<>();
            if (model == null) {
                missing.add("setModel");
            }
            if (loss == null) {
                missing.add("setLoss");
            }
            if (optimizer == null) {
                missing.add("setOptimizer");
            }
            if (epochs == 0) {
                missing.add("setEpochs");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("Trainer needs " + String.join(", ", missing));
            }
            return new Trainer(this);
        }
    }
}
