package dev.nn.validate;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.data.Dataset;
import dev.nn.core.loss.Loss;
import dev.nn.core.train.Callback;
import dev.nn.core.train.EpochRecord;
import dev.nn.core.train.Trainer;
import dev.nn.core.train.TrainingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A {@link FoldFitter} for nn models on tabular data: per fold it fits nn-core's {@code Standardizer} on the
 * training rows only, builds a fresh model from the fold's generator, and trains it with nn-core's {@code Trainer}
 * (batch order from the same generator) with the given loss and optimizer. After every epoch it records {@code loss}
 * and the task
 * metric on the whole training part and {@code val_loss} / {@code val_*} on the validation part, both in eval mode
 * (so dropout and batch noise do not blur the train/validation gap; {@link TrainerFitter} reports the Trainer's
 * batch-averaged training figures instead). An optional {@link EarlyStopping} stops training and restores the best
 * weights; the history then marks that epoch as the kept one.
 */
public final class NetworkFitter implements FoldFitter {
    private final FitSettings settings;
    private final Dataset data;
    private final Backend backend;
    private final Task task;

    private NetworkFitter(Builder b) {
        this.settings = b.settings("NetworkFitter");
        this.data = settings.data();
        if (data.size() == 0 || data.sampleShape().rank() != 1) {
            throw new IllegalArgumentException("NetworkFitter needs a non-empty data set of feature rows, got "
                    + data.size() + " samples of shape " + data.sampleShape() + "; flatten the samples first");
        }
        if (settings.epochs() < 1 || settings.batchSize() < 1) {
            throw new IllegalArgumentException("epochs and batch_size must be >= 1, got epochs=" + settings.epochs()
                    + ", batch_size=" + settings.batchSize());
        }
        this.backend = settings.backend();
        this.task = b.task;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the number of samples} */
    public int sampleCount() {
        return data.size();
    }

    /** {@return the batch size, for split checks} */
    public int batchSize() {
        return settings.batchSize();
    }

    @Override
    public FitHistory fit(FoldContext fold) {
        return train(fold.train(), fold.validation(), fold.random()).history();
    }

    /**
     * Trains one model.
     *
     * @param train rows to fit on (the standardizer is fitted on them)
     * @param validation rows to evaluate on each epoch; may be empty
     * @param random initialization and batch order
     * @return the model, its standardizer and history
     */
    public TrainedModel train(int[] train, int[] validation, RandomGenerator random) {
        FitSettings.Parts parts = settings.parts(train, validation);
        Layer model = settings.newModel(random);
        Loss loss = settings.lossFactory().get();
        EvalModeRecord record = new EvalModeRecord(parts, train, validation, loss, settings.newEarlyStopping());
        Trainer.builder().setModel(model).setLoss(task == Task.REGRESSION ? new ColumnTargets(loss) : loss)
                .setOptimizer(settings.newOptimizer(model)).setEpochs(settings.epochs())
                .optBatchSize(settings.batchSize()).optRandom(random).optBackend(backend).addCallback(record)
                .build().fit(parts.train(), null);
        return new TrainedModel(model, parts.scaler(), record.history());
    }

    /**
     * After every epoch, measures the model in eval mode on the whole training part and on the validation part, and
     * applies the early stopping (if any) to those figures, restoring the best weights when training ends.
     */
    private final class EvalModeRecord implements Callback {
        private final FitHistory.Builder history = FitHistory.builder();
        private final float[] trainX;
        private final float[] valX;
        private final int[] train;
        private final int[] validation;
        private final Loss loss;
        private final EarlyStopping stopper;

        EvalModeRecord(FitSettings.Parts parts, int[] train, int[] validation, Loss loss, EarlyStopping stopper) {
            this.trainX = parts.train().features();
            this.valX = parts.validation().features();
            this.train = train;
            this.validation = validation;
            this.loss = loss;
            this.stopper = stopper;
        }

        @Override
        public void onTrainBegin(TrainingContext ctx) {
            if (stopper != null) {
                stopper.onTrainBegin(ctx.model());
            }
        }

        @Override
        public void onEpochEnd(TrainingContext ctx, EpochRecord epoch) {
            Map<String, Double> logs = new LinkedHashMap<>();
            evaluate(ctx.model(), loss, trainX, train, "", logs);
            if (validation.length > 0) {
                evaluate(ctx.model(), loss, valX, validation, "val_", logs);
            }
            history.addEpoch(logs);
            if (stopper != null && stopper.onEpochEnd(epoch.epoch() - 1, logs)) {   // the Trainer counts from 1
                ctx.requestStop("early stopping on " + stopper.monitor());
            }
        }

        @Override
        public void onTrainEnd(TrainingContext ctx) {
            int kept = stopper == null ? -1 : stopper.onTrainEnd();
            if (kept >= 0) {
                history.optFinalEpoch(kept);
            }
        }

        FitHistory history() {
            return history.build();
        }
    }

    /**
     * A regression loss for the Trainer, which hands over targets as {@code (N)}: they are viewed as the model's
     * {@code (N, 1)} column.
     */
    private record ColumnTargets(Loss loss) implements Loss {
        @Override
        public Tensor forward(Tensor prediction, Tensor target) {
            boolean column = prediction.shape().rank() == 2 && target.shape().rank() == 1
                    && prediction.shape().size() == target.shape().size();
            return loss.forward(prediction, column ? target.reshape(prediction.shape().toArray()) : target);
        }

        @Override
        public Tensor backward() {
            return loss.backward();
        }

        @Override
        public void release() {
            loss.release();
        }
    }

    private void evaluate(Layer model, Loss loss, float[] features, int[] rowsOfData, String prefix,
                          Map<String, Double> logs) {
        int n = rowsOfData.length;
        int d = features.length / n;
        Tensor out = model.forward(backend.tensor(Shape.of(n, d), features), Mode.EVAL);
        int[] all = Folds.range(n);
        logs.put(prefix + "loss", (double) loss.forward(out, targets(rowsOfData, all)).item());
        float[] pred = out.toArray();
        if (task == Task.REGRESSION) {
            float[] truth = new float[n];
            for (int i = 0; i < n; i++) {
                truth[i] = data.label(rowsOfData[i]);
            }
            logs.put(prefix + "mse", Metrics.meanSquaredError(truth, pred));
        } else {
            int[] truth = new int[n];
            for (int i = 0; i < n; i++) {
                truth[i] = (int) data.label(rowsOfData[i]);
            }
            logs.put(prefix + "accuracy", Metrics.accuracy(truth, Metrics.argmax(pred, n, pred.length / n)));
        }
    }

    /**
     * @param dataRows row indices into the data set
     * @param pick positions within dataRows
     */
    private Tensor targets(int[] dataRows, int[] pick) {
        float[] t = new float[pick.length];
        for (int i = 0; i < pick.length; i++) {
            t[i] = data.label(dataRows[pick[i]]);
        }
        return task == Task.REGRESSION ? backend.tensor(Shape.of(pick.length, 1), t)
                : backend.tensor(Shape.of(pick.length), t);
    }

    /** Settings of a {@link NetworkFitter}. */
    public static final class Builder extends FitterBuilder<Builder> {
        private Task task = Task.REGRESSION;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * {@return this}
         *
         * @param features rows of features
         * @param targets one target (value or class index) per row
         */
        public Builder setData(float[][] features, float[] targets) {
            if (features.length != targets.length || features.length == 0) {
                throw new IllegalArgumentException("Found input variables with inconsistent numbers of samples: ["
                        + features.length + ", " + targets.length + "]; give one target per feature row");
            }
            int d = features[0].length;
            float[] flat = new float[features.length * d];
            for (int i = 0; i < features.length; i++) {
                if (features[i].length != d) {
                    throw new IllegalArgumentException("Row " + i + " has " + features[i].length + " features but "
                            + "row 0 has " + d + "; every row needs the same number of features");
                }
                System.arraycopy(features[i], 0, flat, i * d, d);
            }
            return setData(new Dataset(flat, Shape.of(d), targets.clone()));
        }

        /**
         * {@return this}
         *
         * @param t regression or classification; default regression
         */
        public Builder optTask(Task t) {
            this.task = t;
            return this;
        }

        /** {@return the fitter} */
        public NetworkFitter build() {
            return new NetworkFitter(this);
        }
    }
}
