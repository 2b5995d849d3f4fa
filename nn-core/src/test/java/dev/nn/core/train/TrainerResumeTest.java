package dev.nn.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;
import dev.nn.core.data.Dataset;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Adam;
import dev.nn.core.optim.Optimizer;
import dev.nn.core.optim.ReduceLROnPlateau;
import dev.nn.core.optim.Sgd;
import dev.nn.core.optim.StepLR;
import dev.nn.core.state.CheckpointException;
import dev.nn.core.state.ModelState;
import dev.nn.core.state.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped after some epochs and resumed from its state file ends bit for bit as the run that was not stopped:
 * the same history and the same weights, for SGD with momentum under StepLR and for Adam under ReduceLROnPlateau,
 * with shuffling and a layer whose output depends on its noise step.
 */
class TrainerResumeTest {
    private static final int EPOCHS = 5;

    @TempDir
    Path tmp;

    /** Scales by a factor that depends on its training step, like dropout's mask: it must resume at its step. */
    static final class StepScale implements Layer {
        private final Counter step = new Counter();
        private final TensorSlot out = new TensorSlot();
        private final TensorSlot grad = new TensorSlot();
        private float factor = 1f;

        @Override
        public Tensor forward(Tensor x, Mode mode) {
            factor = mode == Mode.TRAIN ? 1f + 0.1f * (step.increment() % 3) : 1f;
            Tensor y = out.get(x.backend(), x.shape());
            x.backend().scale(y, x, factor);
            return y;
        }

        @Override
        public Tensor backward(Tensor dy) {
            Tensor dx = grad.get(dy.backend(), dy.shape());
            dy.backend().scale(dx, dy, factor);
            return dx;
        }

        @Override
        public Map<String, Counter> ownNoiseSteps() {
            return Map.of("step", step);
        }
    }

    /** The run's parts, built fresh for every session as a new process would. */
    private record Run(Sequential model, Trainer.Builder builder) {
    }

    private static Run run(Function<List<dev.nn.api.layer.Parameter>, Optimizer> optimizer, boolean plateau,
                           Path stateFile, Path checkpoint, Callback... extra) {
        SplittableRandom r = new SplittableRandom(7);
        Sequential model = new Sequential(new Linear(IrisTrainingTest.B, 4, 16, r), new StepScale(), new ReLU(),
                new Linear(IrisTrainingTest.B, 16, 3, r));
        Optimizer opt = optimizer.apply(List.copyOf(model.namedParameters().values()));
        Trainer.Builder b = Trainer.builder().setModel(model).setLoss(new CrossEntropyLoss()).setOptimizer(opt)
                .setEpochs(EPOCHS).optBatchSize(16).optSeed(11)
                .addCallback(plateau ? LrScheduleCallback.onPlateau(ReduceLROnPlateau.builder(opt).optPatience(0)
                        .optFactor(0.5).build(), "val_loss") : LrScheduleCallback.of(new StepLR(opt, 2, 0.5)))
                .addCallback(ModelCheckpoint.best(checkpoint, "val_loss"))
                .optStateFile(stateFile, Map.of("note", "test run"));
        for (Callback c : extra) {
            b.addCallback(c);
        }
        return new Run(model, b);
    }

    /** Stops in the middle of the given epoch, as Ctrl-C would: that epoch is not recorded. */
    private static Callback stopDuring(int epoch) {
        return new Callback() {
            @Override
            public void onStepEnd(TrainingContext ctx, int e, int batch) {
                if (e == epoch && batch == 3) {
                    ctx.requestStop("interrupted");
                }
            }
        };
    }

    private void resumedEqualsUninterrupted(Function<List<dev.nn.api.layer.Parameter>, Optimizer> optimizer,
                                            boolean plateau) throws IOException {
        Dataset[] data = IrisTrainingTest.split(2);
        Run whole = run(optimizer, plateau, tmp.resolve("whole.state"), tmp.resolve("whole.safetensors"));
        History expected = whole.builder().build().fit(data[0], data[1]);

        Path state = tmp.resolve("resumed.state");
        Path checkpoint = tmp.resolve("resumed.safetensors");
        History first = run(optimizer, plateau, state, checkpoint, stopDuring(3)).builder().build()
                .fit(data[0], data[1]);
        assertEquals(2, first.epochs().size());
        Run second = run(optimizer, plateau, state, checkpoint, stopDuring(5));
        History middle = second.builder().build().resume(data[0], data[1], TrainingState.read(state));
        assertEquals(4, middle.epochs().size(), "epochs 3 and 4 added to the 2 saved");
        Run last = run(optimizer, plateau, state, checkpoint);
        History resumed = last.builder().build().resume(data[0], data[1], TrainingState.read(state));

        assertEquals(withoutSeconds(expected), withoutSeconds(resumed));
        assertEquals(ModelState.snapshot(whole.model()).keySet(), ModelState.snapshot(last.model()).keySet());
        ModelState.snapshot(whole.model()).forEach((name, v) ->
                assertArrayEquals(v, ModelState.snapshot(last.model()).get(name), name));
        assertEquals(whole.model().namedNoiseSteps().get("1.step").get(),
                last.model().namedNoiseSteps().get("1.step").get());
        assertArrayEquals(tensorBytes(tmp.resolve("whole.safetensors")), tensorBytes(checkpoint),
                "the best checkpoint");
    }

    @Test
    void sgdWithMomentumAndStepScheduleResumesBitForBit() throws IOException {
        resumedEqualsUninterrupted(p -> new Sgd(p, 0.1, 0.9, 0, 1e-4, false), false);
    }

    @Test
    void adamWithPlateauScheduleResumesBitForBit() throws IOException {
        resumedEqualsUninterrupted(p -> new Adam(p, 0.01), true);
    }

    @Test
    void aFinishedRunResumesToTheSameHistoryWithoutTraining() {
        Dataset[] data = IrisTrainingTest.split(2);
        Path state = tmp.resolve("done.state");
        Run whole = run(p -> new Adam(p, 0.01), false, state, tmp.resolve("done.safetensors"));
        History expected = whole.builder().build().fit(data[0], data[1]);
        Run again = run(p -> new Adam(p, 0.01), false, state, tmp.resolve("done.safetensors"));
        History resumed = again.builder().build().resume(data[0], data[1], TrainingState.read(state));
        assertEquals(expected.toCsv(), resumed.toCsv(), "the same records, seconds included: nothing re-ran");
        ModelState.snapshot(whole.model()).forEach((name, v) ->
                assertArrayEquals(v, ModelState.snapshot(again.model()).get(name), name));
    }

    @Test
    void moreEpochsThanPlannedContinueTheRun() {
        Dataset[] data = IrisTrainingTest.split(2);
        Path state = tmp.resolve("longer.state");
        run(p -> new Adam(p, 0.01), false, state, tmp.resolve("a.safetensors")).builder().build()
                .fit(data[0], data[1]);
        History longer = run(p -> new Adam(p, 0.01), false, state, tmp.resolve("a.safetensors")).builder()
                .setEpochs(EPOCHS + 2).build().resume(data[0], data[1], TrainingState.read(state));
        assertEquals(EPOCHS + 2, longer.epochs().size());
    }

    @Test
    void aRunStoppedByANonFiniteValidationLossReportsTheSameDivergenceWhenResumed() {
        Dataset[] data = IrisTrainingTest.split(2);
        float[] x = data[1].features();
        x[5] = Float.NaN;
        Dataset poisoned = new Dataset(x, Shape.of(4), data[1].labels(), data[1].classNames());
        Path state = tmp.resolve("nan.state");
        NonFiniteGuard guard = new NonFiniteGuard();
        History stopped = run(p -> new Adam(p, 0.01), false, state, tmp.resolve("nan.safetensors"), guard)
                .builder().build().fit(data[0], poisoned);
        assertTrue(stopped.stopReason().orElseThrow().startsWith("non-finite validation loss NaN after epoch 1"),
                stopped.stopReason().toString());

        NonFiniteGuard again = new NonFiniteGuard();
        History resumed = run(p -> new Adam(p, 0.01), false, state, tmp.resolve("nan.safetensors"), again)
                .builder().build().resume(data[0], poisoned, TrainingState.read(state));
        assertEquals(stopped.toCsv(), resumed.toCsv(), "nothing trained after the stop");
        assertEquals(stopped.stopReason(), resumed.stopReason());
        assertEquals(guard.divergence().orElseThrow(), again.divergence().orElseThrow());
    }

    @Test
    void aStateThatDoesNotFitIsRefusedWithTheReason() {
        Dataset[] data = IrisTrainingTest.split(2);
        Path state = tmp.resolve("other.state");
        run(p -> new Sgd(p, 0.1, 0.9, 0, 0, false), false, state, tmp.resolve("b.safetensors")).builder().build()
                .fit(data[0], data[1]);

        var adam = assertThrows(CheckpointException.class, () -> run(p -> new Adam(p, 0.01), false, state,
                tmp.resolve("b.safetensors")).builder().build().resume(data[0], data[1], TrainingState.read(state)));
        assertTrue(adam.getMessage().contains("optimizer is dev.nn.core.optim.Sgd, this run's is "
                + "dev.nn.core.optim.Adam"), adam.getMessage());

        var fewer = assertThrows(CheckpointException.class, () -> run(p -> new Sgd(p, 0.1, 0.9, 0, 0, false), false,
                state, tmp.resolve("b.safetensors")).builder().build()
                .resume(data[0].subset(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}), data[1],
                        TrainingState.read(state)));
        assertTrue(fewer.getMessage().contains("The saved run batched differently: 120 training samples in "
                + "batches of 16, shuffled, seed 11, this run 17 training samples"), fewer.getMessage());

        var shorter = assertThrows(CheckpointException.class, () -> run(p -> new Sgd(p, 0.1, 0.9, 0, 0, false),
                false, state, tmp.resolve("b.safetensors")).builder().setEpochs(3).build()
                .resume(data[0], data[1], TrainingState.read(state)));
        assertTrue(shorter.getMessage().contains("has completed 5 epochs, more than the 3 this run asks for"),
                shorter.getMessage());

        SplittableRandom r = new SplittableRandom(7);
        Sequential wider = new Sequential(new Linear(IrisTrainingTest.B, 4, 8, r), new StepScale(), new ReLU(),
                new Linear(IrisTrainingTest.B, 8, 3, r));
        Optimizer sgd = new Sgd(List.copyOf(wider.namedParameters().values()), 0.1, 0.9, 0, 0, false);
        var model = assertThrows(CheckpointException.class, () -> Trainer.builder().setModel(wider)
                .setLoss(new CrossEntropyLoss()).setOptimizer(sgd).setEpochs(EPOCHS).optBatchSize(16).optSeed(11)
                .addCallback(LrScheduleCallback.of(new StepLR(sgd, 2, 0.5)))
                .addCallback(ModelCheckpoint.best(tmp.resolve("b.safetensors"), "val_loss")).build()
                .resume(data[0], data[1], TrainingState.read(state)));
        assertTrue(model.getMessage().contains("array 'model.0.weight' has shape [16, 4] but this run needs [8, 4]"),
                model.getMessage());
    }

    private static String withoutSeconds(History h) {
        return h.toCsv().replaceAll(",[^,\\n]*\\n", "\n");
    }

    private static byte[] tensorBytes(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        long header = java.nio.ByteBuffer.wrap(all, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        return java.util.Arrays.copyOfRange(all, (int) (8 + header), all.length);
    }
}
