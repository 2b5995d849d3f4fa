package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.state.TrainingState;
import dev.nn.core.train.EpochRecord;
import dev.nn.core.train.TrainingContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keras 2.13 EarlyStopping semantics, with best weights (parameters and buffers) restored whenever training ends. */
class EarlyStoppingTest {
    private static final Backend BACKEND = Backends.select("scalar");

    /** A layer with one parameter, one buffer and one counter whose values the test sets to mark the epoch. */
    private static final class Marked implements Layer {
        final Parameter w = new Parameter("weight", ParameterRole.WEIGHT, BACKEND.zeros(Shape.of(2)));
        final Tensor running = BACKEND.zeros(Shape.of(1));
        final Counter tracked = new Counter();

        void mark(int epoch) {
            w.set(new float[] {epoch, -epoch});
            BACKEND.write(running, new float[] {100 + epoch});
            tracked.set(1000L + epoch);
        }

        @Override
        public Tensor forward(Tensor x, Mode mode) {
            return x;
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            return gradOutput;
        }

        @Override
        public List<Parameter> ownParameters() {
            return List.of(w);
        }

        @Override
        public Map<String, Tensor> ownBuffers() {
            return Map.of("running_mean", running);
        }

        @Override
        public Map<String, Counter> ownCounters() {
            return Map.of("num_batches_tracked", tracked);
        }
    }

    /** Runs the protocol; returns the epoch at which training stopped, or -1. */
    private static int train(EarlyStopping es, Marked model, String key, double... values) {
        es.onTrainBegin(model);
        int stopped = -1;
        for (int e = 0; e < values.length && stopped < 0; e++) {
            model.mark(e);
            if (es.onEpochEnd(e, Map.of(key, values[e], "loss", 1.0))) {
                stopped = e;
            }
        }
        es.onTrainEnd();
        return stopped;
    }

    private static void assertHoldsEpoch(Marked m, int epoch) {
        assertArrayEquals(new float[] {epoch, -epoch}, m.w.value().toArray());
        assertArrayEquals(new float[] {100 + epoch}, m.running.toArray());
        assertEquals(1000L + epoch, m.tracked.get(), "num_batches_tracked comes back with the best weights");
    }

    @Test
    void comparesWithTheBestValueNotThePreviousOne() {
        Marked m = new Marked();
        EarlyStopping es = EarlyStopping.builder().optPatience(2).build();
        // 0.85 improves on the previous 0.9 but not on the best 0.8: the counter keeps running
        assertEquals(3, train(es, m, "val_loss", 1.0, 0.8, 0.9, 0.85, 0.7));
        assertEquals(1, es.bestEpoch());
        assertEquals(0.8, es.best());
        assertHoldsEpoch(m, 1);
    }

    @Test
    void aSavedStateContinuesWhereTheRunStopped() {
        // the run of comparesWithTheBestValueNotThePreviousOne, saved after epoch 2 and continued in a new instance
        Marked m = new Marked();
        EarlyStopping first = EarlyStopping.builder().optPatience(2).build();
        first.onTrainBegin(m);
        double[] values = {1.0, 0.8, 0.9, 0.85, 0.7};
        for (int e = 0; e <= 2; e++) {
            m.mark(e);
            assertFalse(first.onEpochEnd(e, Map.of("val_loss", values[e])));
        }
        TrainingState state = new TrainingState();
        first.saveState(state.scope("early_stopping"));

        Marked fresh = new Marked();
        EarlyStopping resumed = EarlyStopping.builder().optPatience(2).build();
        resumed.onTrainBegin(fresh);
        resumed.loadState(state.scope("early_stopping"));
        fresh.mark(3);
        assertTrue(resumed.onEpochEnd(3, Map.of("val_loss", values[3])), "the wait of epoch 2 was carried over");
        assertEquals(1, resumed.bestEpoch());
        assertEquals(0.8, resumed.best());
        assertEquals(1, resumed.onTrainEnd());
        assertHoldsEpoch(fresh, 1);
    }

    @Test
    void restoresTheBestWeightsAlsoWhenTrainingRunsToTheEnd() {
        Marked m = new Marked();
        EarlyStopping es = EarlyStopping.builder().optPatience(10).build();
        assertEquals(-1, train(es, m, "val_loss", 1.0, 0.5, 0.7, 0.9));
        assertEquals(-1, es.stoppedEpoch());
        assertHoldsEpoch(m, 1);
    }

    @Test
    void withoutRestoreTheLastWeightsStay() {
        Marked m = new Marked();
        EarlyStopping es = EarlyStopping.builder().optPatience(10).optRestoreBestWeights(false).build();
        train(es, m, "val_loss", 1.0, 0.5, 0.7, 0.9);
        assertHoldsEpoch(m, 3);
    }

    @Test
    void minDeltaMustBeExceeded() {
        Marked m = new Marked();
        EarlyStopping es = EarlyStopping.builder().optPatience(1).optMinDelta(0.1).build();
        assertEquals(1, train(es, m, "val_loss", 1.0, 0.95, 0.85));
        assertHoldsEpoch(m, 0);
    }

    @Test
    void accuracyIsMaximizedInAutoMode() {
        Marked m = new Marked();
        EarlyStopping es = EarlyStopping.builder().optMonitor("val_accuracy").optPatience(1).build();
        assertEquals(2, train(es, m, "val_accuracy", 0.5, 0.7, 0.6, 0.9));
        assertHoldsEpoch(m, 1);
        EarlyStopping explicit = EarlyStopping.builder().optMonitor("val_accuracy").optMode(EarlyStopping.Mode.MIN)
                .optPatience(1).build();
        assertEquals(1, train(explicit, new Marked(), "val_accuracy", 0.5, 0.7, 0.6));
    }

    @Test
    void improvementsThatMissTheBaselineDoNotResetPatience() {
        EarlyStopping withBaseline = EarlyStopping.builder().optPatience(2).optBaseline(0.5).build();
        assertEquals(2, train(withBaseline, new Marked(), "val_loss", 0.9, 0.8, 0.85, 0.82));
        EarlyStopping without = EarlyStopping.builder().optPatience(2).build();
        assertEquals(3, train(without, new Marked(), "val_loss", 0.9, 0.8, 0.85, 0.82));
    }

    @Test
    void warmUpEpochsAreIgnored() {
        Marked m = new Marked();
        EarlyStopping es = EarlyStopping.builder().optPatience(1).optStartFromEpoch(2).build();
        assertEquals(3, train(es, m, "val_loss", 0.1, 0.2, 0.9, 0.95, 0.99));
        assertEquals(2, es.bestEpoch());
        assertHoldsEpoch(m, 2);
    }

    @Test
    void neverStopsAtEpochZeroEvenWithPatienceZero() {
        EarlyStopping es = EarlyStopping.builder().optPatience(0).build();
        Marked m = new Marked();
        es.onTrainBegin(m);
        // NaN never improves: the counter reaches the patience at epoch 0 already, but epoch 0 never stops
        assertFalse(es.onEpochEnd(0, Map.of("val_loss", Double.NaN)));
        assertTrue(es.onEpochEnd(1, Map.of("val_loss", Double.NaN)));
    }

    @Test
    void aNaNValidationLossIsNoImprovementNotAMissingMetric() {
        // a run whose validation loss became NaN: the callback must not call val_loss "not available"
        float[] x = new float[16 * 2];
        float[] y = new float[16];
        for (int i = 0; i < 16; i++) {
            x[2 * i] = i % 2;
            y[i] = i % 2;
        }
        float[] poisoned = x.clone();
        poisoned[0] = Float.NaN;
        var model = new dev.nn.core.layer.Sequential(new dev.nn.core.layer.Linear(BACKEND, 2, 2,
                new java.util.SplittableRandom(1)));
        var callback = new EarlyStoppingCallback(EarlyStopping.builder().optPatience(1).build());
        var history = dev.nn.core.train.Trainer.builder().setModel(model)
                .setLoss(new dev.nn.core.loss.CrossEntropyLoss())
                .setOptimizer(new dev.nn.core.optim.Sgd(List.copyOf(model.namedParameters().values()), 0.1))
                .setEpochs(5).optBatchSize(4).addCallback(callback).build()
                .fit(new dev.nn.core.data.Dataset(x, Shape.of(2), y), new dev.nn.core.data.Dataset(poisoned,
                        Shape.of(2), y));
        assertTrue(Double.isNaN(history.epochs().getFirst().valLoss()));
        assertEquals(2, history.epochs().size(), "epoch 2 did not improve on epoch 1's NaN: patience 1 stops");
        assertEquals(-1, callback.keptEpoch(), "no epoch had a usable validation loss");
    }

    @Test
    void aMissingMonitorIsAClearError() {
        EarlyStopping es = EarlyStopping.builder().build();
        es.onTrainBegin(new Marked());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> es.onEpochEnd(0, Map.of("loss", 1.0)));
        assertTrue(e.getMessage().contains("`val_loss` which is not available. Available metrics are: loss"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.builder().optPatience(-1).build());
    }

    @Test
    void anImprovementMustExceedMinDelta() {
        // Keras: min mode improves when current + min_delta < best, max mode when current - min_delta > best
        EarlyStopping lower = EarlyStopping.builder().optPatience(1).optMinDelta(0.25).build();
        assertEquals(1, train(lower, new Marked(), "val_loss", 1.0, 0.75), "0.75 is exactly min_delta better");
        assertEquals(1.0, lower.best());
        EarlyStopping higher = EarlyStopping.builder().optMonitor("val_accuracy").optMode(EarlyStopping.Mode.MAX)
                .optPatience(1).optMinDelta(0.25).build();
        assertEquals(1, train(higher, new Marked(), "val_accuracy", 0.5, 0.75), "0.75 is exactly min_delta better");
        assertEquals(0.5, higher.best());
        assertEquals("val_accuracy", higher.monitor());
        EarlyStopping noDelta = EarlyStopping.builder().optPatience(1).build();
        assertEquals(1, train(noDelta, new Marked(), "val_loss", 1.0, 1.0), "an equal loss is no improvement");
    }

    @Test
    void withoutAnyImprovementTheFirstMonitoredEpochIsRestored() {
        // Keras 2.13: "Restore the weights after first epoch if no progress is ever made"
        Marked m = new Marked();
        EarlyStopping es = EarlyStopping.builder().optPatience(1).build();
        assertEquals(1, train(es, m, "val_loss", Double.NaN, Double.NaN));
        assertEquals(-1, es.bestEpoch());
        assertHoldsEpoch(m, 0);
    }

    @Test
    void withoutRestoringNoEpochIsKept() {
        EarlyStopping es = EarlyStopping.builder().optPatience(5).optRestoreBestWeights(false).build();
        Marked m = new Marked();
        es.onTrainBegin(m);
        m.mark(0);
        es.onEpochEnd(0, Map.of("val_loss", 0.5));
        m.mark(1);
        es.onEpochEnd(1, Map.of("val_loss", 0.9));
        assertEquals(-1, es.onTrainEnd());
        assertHoldsEpoch(m, 1);
        assertEquals("EarlyStopping(monitor=val_loss, min_delta=0.0, patience=5, mode=min, baseline=null, "
                + "start_from_epoch=0, restore_best_weights=false)", es.toString());
    }

    private static EpochRecord record(int epoch, double valLoss, double trainAccuracy, double valAccuracy) {
        return new EpochRecord(epoch, 1.0, trainAccuracy, valLoss, valAccuracy, 0.1, 10, 1.0);
    }

    private static TrainingContext context(Layer model) {
        TrainingContext ctx = mock(TrainingContext.class);
        when(ctx.model()).thenReturn(model);
        return ctx;
    }

    @Test
    void theCallbackPassesKerasLogsAndNamesTheBestEpochCountedFromOne() {
        TrainingContext ctx = context(new Marked());
        EarlyStoppingCallback callback = new EarlyStoppingCallback(EarlyStopping.builder().optPatience(1).build());
        callback.onTrainBegin(ctx);
        callback.onEpochEnd(ctx, record(1, 0.9, Double.NaN, Double.NaN));
        verify(ctx, never()).requestStop(org.mockito.ArgumentMatchers.anyString());
        callback.onEpochEnd(ctx, record(2, 0.95, Double.NaN, Double.NaN));
        verify(ctx).requestStop("early stopping: val_loss did not improve on 0.9 (epoch 1)");
        callback.onTrainEnd(ctx);
        assertEquals(0, callback.keptEpoch());
    }

    @Test
    void theCallbackOffersTheAccuraciesThatWereMeasured() {
        for (String key : new String[] {"accuracy", "val_accuracy"}) {
            TrainingContext ctx = context(new Marked());
            EarlyStoppingCallback callback = new EarlyStoppingCallback(EarlyStopping.builder().optMonitor(key)
                    .optMode(EarlyStopping.Mode.MAX).optPatience(1).build());
            callback.onTrainBegin(ctx);
            callback.onEpochEnd(ctx, record(1, 0.9, 0.6, 0.5));
            callback.onEpochEnd(ctx, record(2, 0.8, 0.6, 0.5));
            verify(ctx).requestStop(org.mockito.ArgumentMatchers.startsWith("early stopping: " + key + " did not "
                    + "improve"));
        }
        // without a measured validation accuracy, monitoring it is an error that lists what there is
        TrainingContext ctx = context(new Marked());
        EarlyStoppingCallback callback = new EarlyStoppingCallback(EarlyStopping.builder().optMonitor("val_accuracy")
                .build());
        callback.onTrainBegin(ctx);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> callback.onEpochEnd(ctx, record(1, 0.9, Double.NaN, Double.NaN)));
        assertTrue(e.getMessage().contains("Available metrics are: loss,val_loss."), e.getMessage());
    }

    @Test
    void theCallbackSavesAndLoadsItsRules() {
        TrainingContext ctx = context(new Marked());
        EarlyStoppingCallback first = new EarlyStoppingCallback(EarlyStopping.builder().optPatience(3).build());
        first.onTrainBegin(ctx);
        first.onEpochEnd(ctx, record(1, 0.7, Double.NaN, Double.NaN));
        TrainingState state = new TrainingState();
        first.saveState(state.scope("early_stopping"));
        EarlyStopping rules = EarlyStopping.builder().optPatience(3).build();
        EarlyStoppingCallback resumed = new EarlyStoppingCallback(rules);
        resumed.onTrainBegin(context(new Marked()));
        resumed.loadState(state.scope("early_stopping"));
        assertSame(rules, resumed.stopping());
        assertEquals(0.7, resumed.stopping().best());
        assertEquals(0, resumed.stopping().bestEpoch());
    }
}
