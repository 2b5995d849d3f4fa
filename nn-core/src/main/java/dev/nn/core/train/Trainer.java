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
import dev.nn.core.state.CheckpointException;
import dev.nn.core.state.Stateful;
import dev.nn.core.state.TrainingState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The training loop: for each epoch, the training set in (shuffled) batches, each batch forward in
 * {@link Mode#TRAIN}, loss, backward, optional gradient clipping and an optimizer step; then the validation set in
 * {@link Mode#EVAL}. Every epoch's training and validation loss and accuracy go into the {@link History}; callbacks
 * see every batch and epoch and may stop the run. The loss must be mean-reduced (the default), so that
 * {@code batch loss * batch size} sums to the epoch's total. Build one with {@link #builder()}.
 *
 * <p>With {@link Builder#optStateFile} the whole run's state is written at the end of every epoch, and
 * {@link #resume} continues from it: a run interrupted at any moment and resumed ends bit for bit as the
 * uninterrupted run (see {@link #resume} for what must be the same).
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
    private final Path stateFile;
    private final Map<String, String> stateConfig;
    private final Long seed;

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
        this.stateFile = b.stateFile;
        this.stateConfig = Map.copyOf(b.stateConfig);
        this.seed = b.random == null ? b.seed : null;
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
        return fit(train, validation, null);
    }

    /**
     * Continues a run from the state its {@link Builder#optStateFile state file} held after its last completed
     * epoch: the model's parameters, buffers, counters and dropout noise steps of that epoch, the optimizer's state,
     * every {@link Stateful} callback's state (schedules, checkpoints, early stopping), the history
     * so far, and the shuffling order (the generator is advanced past the completed epochs' orders). Training goes on
     * with the next epoch; the result is bit for bit what the uninterrupted run gives.
     *
     * <p>This trainer must be built like the interrupted one: the same model architecture, optimizer kind and
     * settings, the same callbacks in the same order, the same batching and shuffling seed, the same data. More
     * epochs than the interrupted run planned may be asked for (schedules that depend on the planned number are the
     * caller's to keep). A run that had already finished, or that a callback stopped, trains no further: only the
     * callbacks' train begin and end run, so the returned history and the model are the finished run's.
     *
     * @param train the training samples of the interrupted run
     * @param validation its validation samples, or null
     * @param state the state read with {@link TrainingState#read}
     * @return the whole run's per-epoch record, the epochs before the interruption included
     * @throws CheckpointException when the state does not fit this trainer (before any epoch is trained; the
     *                             model and optimizer may then be partly loaded, so build them anew)
     */
    public History resume(Dataset train, Dataset validation, TrainingState state) {
        return fit(train, validation, Objects.requireNonNull(state, "state"));
    }

    private History fit(Dataset train, Dataset validation, TrainingState resumed) {
        History history = new History();
        TrainingContext ctx = new TrainingContext(model, optimizer, history, epochs);
        DataLoader loader = new DataLoader(train, batchSize, shuffle, dropLast);
        List<Tensor> grads = model.namedParameters().values().stream().map(Parameter::grad).toList();
        try (StepMetrics metrics = new StepMetrics(backend, progressEvery)) {
            Tensor gradNorm = clipGradNorm > 0 ? backend.zeros(Shape.of()) : null;
            try {
                run(train, validation, ctx, loader, grads, metrics, gradNorm, resumed);
            } finally {
                if (gradNorm != null && !backend.isClosed()) {
                    backend.free(gradNorm);
                }
            }
        }
        return history;
    }

    private void run(Dataset train, Dataset validation, TrainingContext ctx, DataLoader loader, List<Tensor> grads,
                     StepMetrics metrics, Tensor gradNorm, TrainingState resumed) {
        History history = ctx.history();
        callbacks.forEach(c -> c.onTrainBegin(ctx));
        RunState runState = stateFile == null && resumed == null ? null : new RunState(model, optimizer, callbacks,
                new RunState.Batching(train.size(), batchSize, shuffle, dropLast, seed));
        int done = 0;
        if (resumed != null) {
            RunState.Restored restored = runState.restore(resumed, history, epochs);
            done = restored.epochs();
            if (restored.stopReason() != null) {
                ctx.requestStop(restored.stopReason());
            }
            for (int e = 0; e < done; e++) {
                loader.epochIndices(random);   // the orders of the completed epochs, so the next one is the same
            }
        }
        for (int epoch = done + 1; epoch <= epochs && !ctx.stopRequested(); epoch++) {
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
            if (stateFile != null) {
                runState.capture(stateConfig, epoch, history, ctx.stopReason().orElse(null)).write(stateFile);
            }
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
        private Path stateFile;
        private final Map<String, String> stateConfig = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * {@return this}
         *
         * @param file where to write the run's whole state at the end of every epoch (atomically: a run killed at
         *             any moment leaves the previous epoch's state or this one's), for {@link Trainer#resume};
         *             default none. The optimizer must save its state ({@link Stateful})
         * @param config the caller's description of the run (e.g. its command line), stored in the file's
         *               {@code config} scope so whoever resumes can rebuild the run from it
         */
        public Builder optStateFile(Path file, Map<String, String> config) {
            this.stateFile = Objects.requireNonNull(file, "file");
            this.stateConfig.clear();
            this.stateConfig.putAll(config);
            return this;
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
            if (stateFile != null && !(optimizer instanceof Stateful)) {
                throw new IllegalArgumentException("optStateFile needs an optimizer that saves its state "
                        + "(implements Stateful); " + optimizer.getClass().getName() + " does not");
            }
            return new Trainer(this);
        }
    }
}
