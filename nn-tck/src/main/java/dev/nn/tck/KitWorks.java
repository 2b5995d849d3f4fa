package dev.nn.tck;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Layer;
import dev.nn.core.data.Dataset;
import dev.nn.core.layer.Linear;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Sgd;
import dev.nn.core.train.Callback;
import dev.nn.core.train.Trainer;
import dev.nn.validate.FitHistory;
import dev.nn.validate.FoldContext;
import dev.nn.validate.trial.TrialWork;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/** The works {@link TrialRunnerContract} runs: records of plain data, so any runner can ship them. */
final class KitWorks {
    private KitWorks() {
    }

    /**
     * Softmax regression trained with nn-core's Trainer on the scalar backend, initialization and batch order from
     * the trial's seed.
     *
     * @param epochs passes over the training rows
     * @param lr SGD's learning rate
     */
    record Softmax(int epochs, float lr) implements TrialWork {
        private static final long serialVersionUID = 1L;

        @Override
        public FitHistory fit(FoldContext fold, Dataset data, BooleanSupplier stop) {
            return train(fold, data, stop, false).history();
        }

        /** {@return the history, and the trained weight and bias as little-endian float32 values} */
        @Override
        public Trained fitAndKeep(FoldContext fold, Dataset data, BooleanSupplier stop) {
            return train(fold, data, stop, true);
        }

        private Trained train(FoldContext fold, Dataset data, BooleanSupplier stop, boolean keep) {
            try (Backend backend = Backends.select("scalar")) {
                RandomGenerator random = fold.random();
                Layer model = new Linear(backend, data.sampleSize(), data.numClasses(), random);
                Trainer trainer = Trainer.builder().setModel(model).setLoss(new CrossEntropyLoss())
                        .setOptimizer(new Sgd(new ArrayList<>(model.namedParameters().values()), lr))
                        .setEpochs(epochs).optBatchSize(8).optRandom(random).optBackend(backend)
                        .addCallback(Callback.stopWhen(stop)).build();
                FitHistory history = FitHistory.from(trainer.fit(data.subset(fold.train()),
                        data.subset(fold.validation())), -1);
                return new Trained(history, keep ? floats(model) : new byte[0]);
            }
        }

        private static byte[] floats(Layer model) {
            List<float[]> values = model.namedParameters().values().stream().map(p -> p.value().toArray()).toList();
            ByteBuffer out = ByteBuffer.allocate(4 * values.stream().mapToInt(v -> v.length).sum())
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (float[] v : values) {
                for (float x : v) {
                    out.putFloat(x);
                }
            }
            return out.array();
        }
    }

    /**
     * Throws on one fold, trains on the others.
     *
     * @param fold the fold that throws
     * @param otherwise what the other folds train
     */
    record FailOnFold(int fold, Softmax otherwise) implements TrialWork {
        private static final long serialVersionUID = 1L;

        /** @return the message the failing fold throws with */
        static String message(int fold) {
            return "the kit's deliberate failure on fold " + fold;
        }

        @Override
        public FitHistory fit(FoldContext f, Dataset data, BooleanSupplier stop) {
            if (f.fold() == fold) {
                throw new IllegalStateException(message(fold));
            }
            return otherwise.fit(f, data, stop);
        }
    }

    /**
     * Takes {@code (folds - fold) * millis} so that early folds finish last, and records a history that depends on
     * the seed only.
     *
     * @param folds the number of folds (0 for the same short wait everywhere)
     * @param millis the wait per step
     */
    record SlowFirst(int folds, int millis) implements TrialWork {
        private static final long serialVersionUID = 1L;

        /** @return the history this work records for the fold */
        static FitHistory expected(FoldContext fold) {
            SplittableRandom r = new SplittableRandom(fold.seed());
            return TrialRunnerContract.history(r.nextDouble(), r.nextDouble());
        }

        @Override
        public FitHistory fit(FoldContext fold, Dataset data, BooleanSupplier stop) {
            try {
                Thread.sleep((long) Math.max(1, folds - fold.fold()) * millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            return expected(fold);
        }
    }
}
