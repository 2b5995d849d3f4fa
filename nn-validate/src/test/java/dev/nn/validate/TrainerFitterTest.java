package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Layer;
import dev.nn.api.tensor.Shape;
import dev.nn.core.data.Dataset;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Sgd;
import dev.nn.core.train.History;
import dev.nn.core.train.Trainer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Cross-validation and early stopping on nn-core's Trainer and Dataset. */
class TrainerFitterTest {
    private static final Backend BACKEND = Backends.select("scalar");
    private static final Iris IRIS = new Iris();

    private static Dataset irisDataset() {
        float[] flat = new float[150 * 4];
        for (int i = 0; i < 150; i++) {
            System.arraycopy(IRIS.x[i], 0, flat, 4 * i, 4);
        }
        return new Dataset(flat, Shape.of(4), IRIS.y);
    }

    private static Layer mlp(Backend b, int in, java.util.random.RandomGenerator r) {
        return new Sequential(new Linear(b, in, 8, r), new ReLU(), new Linear(b, 8, 3, r));
    }

    private static CrossValidationResult crossValidate(int parallelism) {
        TrainerFitter fitter = TrainerFitter.builder().setData(irisDataset()).setBackend(BACKEND)
                .setModel(TrainerFitterTest::mlp).setLoss(CrossEntropyLoss::new)
                .setOptimizer(p -> new Sgd(p, 0.05, 0.9, 0, 0, false)).optEpochs(30).optBatchSize(16)
                .optEarlyStopping(() -> EarlyStopping.builder().optPatience(5).build()).build();
        return CrossValidation.builder().setSplitter(new StratifiedKFold(5, true, 42L)).setFitter(fitter).optSeed(1)
                .optParallelism(parallelism).build().run(Samples.labeled(IRIS.labels));
    }

    /** Ctrl-C during the third of five folds: the two finished folds are the result; the rest never start. */
    @Test
    void aStopRequestKeepsTheFoldsThatFinishedBeforeIt() {
        for (int parallelism : new int[] {1, 2}) {
            AtomicBoolean stop = new AtomicBoolean();
            Set<Integer> started = ConcurrentHashMap.newKeySet();
            // The runner keeps a fold when the stop request is still false as the fold returns: the request comes
            // once folds 0 and 1 have been seen returning, so those two are kept whatever the threads' timing.
            ThreadLocal<Integer> returning = new ThreadLocal<>();
            Set<Integer> seenReturning = ConcurrentHashMap.newKeySet();
            BooleanSupplier stopWhen = () -> {
                boolean requested = stop.get();
                Integer fold = returning.get();
                if (fold != null) {
                    returning.remove();
                    seenReturning.add(fold);
                }
                return requested;
            };
            CountDownLatch stopped = new CountDownLatch(1);
            FoldFitter fitter = fold -> {
                started.add(fold.fold());
                if (fold.fold() == 2) {
                    awaitQuietly(() -> seenReturning.containsAll(List.of(0, 1)));
                    stop.set(true);
                    stopped.countDown();
                } else if (fold.fold() > 2) {   // in parallel, a fold running beside the third ends after the request
                    awaitQuietly(() -> stopped.getCount() == 0);
                }
                returning.set(fold.fold());
                return FitHistory.of(Map.of("loss", new double[] {1}, "val_loss", new double[] {2}));
            };
            CrossValidationResult r = CrossValidation.builder().setSplitter(new KFold(5)).setFitter(fitter)
                    .optParallelism(parallelism).optStopWhen(stopWhen).build().run(Samples.of(20));
            assertEquals(List.of(0, 1), r.folds().stream().map(FoldResult::fold).toList(),
                    "parallelism " + parallelism);
            assertTrue(!started.contains(4), "a fold after the request does not start: " + started);
        }
    }

    /** Waits up to 30 s for a condition another thread makes true. */
    private static void awaitQuietly(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for the other folds");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aStopRequestEndsAFoldsTrainingAfterTheBatch() {
        TrainerFitter fitter = TrainerFitter.builder().setData(irisDataset()).setBackend(BACKEND)
                .setModel(TrainerFitterTest::mlp).setLoss(CrossEntropyLoss::new)
                .setOptimizer(p -> new Sgd(p, 0.05, 0.9, 0, 0, false)).optEpochs(30).optBatchSize(16)
                .optStopWhen(() -> true).build();
        FitHistory h = fitter.fit(new FoldContext(0, new int[] {0, 1, 50, 51, 100, 101}, new int[] {2, 52, 102}, 1));
        assertEquals(0, h.epochs(), "stopped inside the first epoch, which is not recorded");
    }

    @Test
    void crossValidationOnTheTrainerIsReproducibleInParallel() {
        CrossValidationResult seq = crossValidate(1);
        CrossValidationResult par = crossValidate(3);
        assertEquals(seq.folds(), par.folds());
        System.out.println("Iris 5-fold on the Trainer:\n" + seq);
        assertTrue(seq.estimate("val_accuracy").mean() > 0.85, seq.toString());
        assertTrue(seq.folds().getFirst().history().keys().containsAll(List.of("loss", "accuracy",
                "val_loss", "val_accuracy", "lr")));
    }

    @Test
    void earlyStoppingCallbackRestoresTheBestEpochOnTheTrainer() {
        Dataset all = irisDataset();
        HoldOutSplit split = HoldOut.builder().optTestSize(SizeSpec.fraction(0.3)).optShuffle(true).optSeed(2)
                .optStratify(true).build().split(Samples.labeled(IRIS.labels));
        dev.nn.core.data.Standardizer scaler = dev.nn.core.data.Standardizer.fit(all.subset(split.train()));
        Dataset train = scaler.transform(all.subset(split.train()));
        Dataset val = scaler.transform(all.subset(split.test()));
        SplittableRandom random = new SplittableRandom(3);
        Layer model = mlp(BACKEND, 4, random);
        EarlyStoppingCallback stopper = new EarlyStoppingCallback(EarlyStopping.builder().optPatience(3).build());
        History h = Trainer.builder().setModel(model).setLoss(new CrossEntropyLoss())
                .setOptimizer(new Sgd(new java.util.ArrayList<>(model.namedParameters().values()), 0.2, 0.9, 0, 0,
                        false)).setEpochs(60).optBatchSize(8).optRandom(random).optBackend(BACKEND)
                .addCallback(stopper).build().fit(train, val);
        double[] valLoss = h.series("val_loss");
        int best = 0;
        for (int e = 1; e < valLoss.length; e++) {
            best = valLoss[e] < valLoss[best] ? e : best;
        }
        assertEquals(best, stopper.keptEpoch());
        assertTrue(best > 0 && best < valLoss.length - 1, "the best epoch lies inside the run: " + best);
        double now = Trainer.evaluate(model, new CrossEntropyLoss(), val, 64, BACKEND).loss();
        assertEquals(valLoss[best], now, 1e-6, "the model must hold the best epoch's weights");
        FitHistory fh = FitHistory.from(h, stopper.keptEpoch());
        assertEquals(valLoss[best], fh.last(FitHistory.VAL_LOSS));
        System.out.println("Trainer + early stopping: " + h.epochs().size() + " epochs, best " + (best + 1)
                + ", stop reason " + h.stopReason().orElse("none"));
    }
}
