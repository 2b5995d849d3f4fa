package dev.nn.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.tensor.Shape;
import dev.nn.core.data.Dataset;
import dev.nn.core.json.Json;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Adam;
import dev.nn.core.optim.ReduceLROnPlateau;
import dev.nn.core.optim.Sgd;
import dev.nn.core.optim.StepLR;
import dev.nn.core.state.ModelState;
import dev.nn.core.state.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in callbacks and the stop mechanism, on Iris. */
class CallbacksTest {
    @TempDir
    Path tmp;

    private static Trainer.Builder trainer(Sequential model, double lr, int epochs) {
        return Trainer.builder().setModel(model).setLoss(new CrossEntropyLoss())
                .setOptimizer(new Sgd(List.copyOf(model.namedParameters().values()), lr)).setEpochs(epochs)
                .optBatchSize(16).optSeed(3);
    }

    @Test
    void nanGuardStopsAtTheBatchAndNamesIt() {
        Dataset[] parts = IrisTrainingTest.split(1);
        float[] x = parts[0].features();
        x[4 * 37 + 2] = Float.NaN; // sample 37 is in batch 3 (samples 32..47) when not shuffling
        Dataset poisoned = new Dataset(x, Shape.of(4), parts[0].labels(), parts[0].classNames());
        Sequential model = IrisTrainingTest.mlp(1, new IrisTrainingTest.ModeSpy());
        List<String> log = new ArrayList<>();
        // progress every step: the record covers batch 3 alone (by default a record covers 20 steps)
        History h = trainer(model, 0.1, 5).optShuffle(false).optProgressEvery(1).addCallback(new NonFiniteGuard())
                .addCallback(new ProgressLogger(log::add, 1)).build().fit(poisoned, parts[1]);
        String reason = h.stopReason().orElseThrow();
        assertTrue(reason.startsWith("non-finite training loss NaN at epoch 1, batch 3 of 8: the model diverged."),
                reason);
        assertEquals(List.of(), h.epochs());
        assertEquals(4, log.size()); // batches 1..3, then the stop line
        assertTrue(log.get(2).startsWith("epoch 1/5 batch 3/8 loss NaN"), log.get(2));
        assertEquals("stopped after 0 epochs: " + reason, log.get(3));
    }

    @Test
    void theGuardNamesTheExactStepInsideARecordOfManySteps() {
        Dataset[] parts = IrisTrainingTest.split(1);
        float[] x = parts[0].features();
        x[4 * 37 + 2] = Float.NaN; // sample 37 is in batch 3 (samples 32..47) when not shuffling
        Dataset poisoned = new Dataset(x, Shape.of(4), parts[0].labels(), parts[0].classNames());
        Sequential model = IrisTrainingTest.mlp(1, new IrisTrainingTest.ModeSpy());
        NonFiniteGuard guard = new NonFiniteGuard();
        List<BatchRecord> records = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onBatchEnd(TrainingContext ctx, BatchRecord b) {
                records.add(b);
            }
        };
        // the default progress window (20 steps) covers the whole epoch of 8 batches in one record
        History h = trainer(model, 0.1, 5).optShuffle(false).addCallback(guard).addCallback(recorder).build()
                .fit(poisoned, parts[1]);
        assertEquals(1, records.size());
        assertEquals(1, records.getFirst().firstBatch());
        assertEquals(3, records.getFirst().firstNonFinite(), "batches 1 and 2 were finite");
        Divergence d = guard.divergence().orElseThrow();
        assertEquals(3, d.batch());
        assertEquals(3, d.step());
        assertEquals("training", d.phase());
        // the NaN gradient of batch 3 reached every weight; the first in forward order is the first Linear's
        assertEquals("layer 0 (Linear)", d.layer());
        assertTrue(d.findings().getFirst().startsWith("layer 0 (Linear): weight "), d.findings().toString());
        assertTrue(d.findings().getLast().startsWith("layer 3 (Linear)"), d.findings().toString());
        String reason = h.stopReason().orElseThrow();
        assertTrue(reason.startsWith("non-finite training loss NaN at epoch 1, batch 3 of 8: the model diverged. "
                + "Step 3 of the run; first non-finite values in layer 0 (Linear): weight "), reason);
        assertTrue(d.describe().startsWith("the training loss became NaN at step 3 (epoch 1, batch 3 of 8); the "
                + "first non-finite values are in layer 0 (Linear)"), d.describe());
    }

    @Test
    void anInfiniteLearningRateDivergesAtTheSecondStep() {
        Dataset[] parts = IrisTrainingTest.split(1);
        Sequential model = IrisTrainingTest.mlp(1, new IrisTrainingTest.ModeSpy());
        NonFiniteGuard guard = new NonFiniteGuard();
        History h = trainer(model, Double.POSITIVE_INFINITY, 5).addCallback(guard).build().fit(parts[0], parts[1]);
        assertEquals(List.of(), h.epochs());
        Divergence d = guard.divergence().orElseThrow();
        // step 1 computes a finite loss with the initial weights; its update makes them infinite
        assertEquals(2, d.step(), d.describe());
        assertEquals("layer 0 (Linear)", d.layer(), d.describe());
    }

    @Test
    void withFiniteWeightsTheProbeBatchFindsTheLayerWhoseOutputOverflows() {
        Dataset[] parts = IrisTrainingTest.split(1);
        Sequential model = IrisTrainingTest.mlp(1, new IrisTrainingTest.ModeSpy());
        float[] huge = new float[16 * 16];
        java.util.Arrays.fill(huge, 1e38f);
        model.namedParameters().get("3.weight").set(java.util.Arrays.copyOf(huge, 3 * 16));
        var probe = parts[0].batch(java.util.stream.IntStream.range(0, 8).toArray())
                .inputs(IrisTrainingTest.B);
        NonFiniteGuard guard = new NonFiniteGuard(probe);
        // an optimizer over no parameters: the weights stay as they are, finite, while the logits overflow
        History h = Trainer.builder().setModel(model).setLoss(new CrossEntropyLoss()).setOptimizer(new Sgd(List.of(),
                0.1)).setEpochs(2).optBatchSize(16).optBackend(IrisTrainingTest.B).addCallback(guard).build()
                .fit(parts[0], parts[1]);
        Divergence d = guard.divergence().orElseThrow();
        assertEquals(1, d.step());
        assertEquals("layer 3 (Linear)", d.layer(), d.describe());
        assertTrue(d.findings().getFirst().startsWith("layer 3 (Linear): output on the probe batch "),
                d.findings().toString());
        assertTrue(h.stopReason().orElseThrow().contains("first non-finite values in layer 3 (Linear): output"),
                h.stopReason().orElseThrow());
    }

    @Test
    void divergenceIsCaughtInALaterEpoch() {
        Dataset[] parts = IrisTrainingTest.split(1);
        Sequential model = IrisTrainingTest.mlp(1, new IrisTrainingTest.ModeSpy());
        History h = trainer(model, 1e4, 50).addCallback(new NonFiniteGuard()).build().fit(parts[0], parts[1]);
        String reason = h.stopReason().orElseThrow(() -> new AssertionError("lr 1e4 did not diverge"));
        int epoch = h.epochs().size() + 1;
        assertTrue(reason.matches("non-finite (training|validation) loss \\S+ (at|after) epoch " + epoch + ".*"),
                reason + " / recorded epochs " + h.epochs().size());
    }

    @Test
    void checkpointEveryEpochAndMetricsFiles() throws IOException {
        Dataset[] parts = IrisTrainingTest.split(2);
        Sequential model = IrisTrainingTest.mlp(2, new IrisTrainingTest.ModeSpy());
        Path csv = tmp.resolve("history.csv");
        Path json = tmp.resolve("history.json");
        History h = trainer(model, 0.05, 3)
                .addCallback(ModelCheckpoint.everyEpoch(tmp.resolve("m-{epoch}.safetensors")))
                .addCallback(new MetricsWriter(csv, json)).build().fit(parts[0], parts[1]);
        for (int e = 1; e <= 3; e++) {
            Path f = tmp.resolve("m-" + e + ".safetensors");
            Sequential m = IrisTrainingTest.mlp(9, new IrisTrainingTest.ModeSpy());
            Map<String, String> meta = ModelState.load(m, f);
            assertEquals(Integer.toString(e), meta.get("epoch"));
            assertEquals(Double.toString(h.epochs().get(e - 1).valLoss()), meta.get("val_loss"));
        }
        // the last checkpoint is the final model
        Sequential last = IrisTrainingTest.mlp(9, new IrisTrainingTest.ModeSpy());
        ModelState.load(last, tmp.resolve("m-3.safetensors"));
        Map<String, float[]> expected = ModelState.snapshot(model);
        ModelState.snapshot(last).forEach((n, v) -> assertArrayEquals(expected.get(n), v, 0f, n));
        assertEquals(h.toCsv(), Files.readString(csv));
        assertEquals(h.toJson(), Files.readString(json));
        assertEquals(4, Files.readAllLines(csv).size());
    }

    @Test
    void bestCheckpointSavesOnlyOnImprovement() throws IOException {
        Dataset[] parts = IrisTrainingTest.split(4);
        Sequential model = IrisTrainingTest.mlp(4, new IrisTrainingTest.ModeSpy());
        Path best = tmp.resolve("best.safetensors");
        ModelCheckpoint cp = ModelCheckpoint.best(best, "val_accuracy");
        List<Long> writes = new ArrayList<>();
        Callback watcher = new Callback() {
            @Override
            public void onEpochEnd(TrainingContext ctx, EpochRecord r) {
                writes.add(Files.exists(best) ? (long) cp.savedEpoch() : 0L);
            }
        };
        History h = trainer(model, 0.01, 8).addCallback(cp).addCallback(watcher).build().fit(parts[0], parts[1]);
        // savedEpoch after each epoch: it moves only when val_accuracy strictly improves
        double runningBest = Double.NEGATIVE_INFINITY;
        long expectedEpoch = 0;
        for (int i = 0; i < 8; i++) {
            double acc = h.epochs().get(i).valAccuracy();
            if (acc > runningBest) {
                runningBest = acc;
                expectedEpoch = i + 1;
            }
            assertEquals(expectedEpoch, writes.get(i), "after epoch " + (i + 1));
        }
        assertEquals(runningBest, cp.bestValue());
        assertEquals(Long.toString(expectedEpoch), ModelState.load(IrisTrainingTest.mlp(5,
                new IrisTrainingTest.ModeSpy()), best).get("epoch"));
        assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.best(best, "val_acc"));
    }

    @Test
    void checkpointsCarryTheGivenDescriptionBesideTheEpochsFigures() {
        Dataset[] parts = IrisTrainingTest.split(4);
        Sequential model = IrisTrainingTest.mlp(4, new IrisTrainingTest.ModeSpy());
        Path file = tmp.resolve("described.safetensors");
        ModelCheckpoint cp = ModelCheckpoint.best(file, "val_loss")
                .optMetadata(Map.of("nn.model", "mlp:8", "epoch", "overridden by the epoch's own entry"));
        trainer(model, 0.01, 2).addCallback(cp).build().fit(parts[0], parts[1]);
        Map<String, String> meta = Safetensors.read(file).metadata();
        assertEquals("mlp:8", meta.get("nn.model"));
        assertEquals(Integer.toString(cp.savedEpoch()), meta.get("epoch"));
        assertEquals("val_loss", meta.get("monitor"));
    }

    /** Early stopping with best-weights restore, written against the public callback interface only. */
    static final class EarlyStopping implements Callback {
        private final int patience;
        private double best = Double.POSITIVE_INFINITY;
        private int bad;
        private Map<String, float[]> bestWeights;
        int bestEpoch;

        EarlyStopping(int patience) {
            this.patience = patience;
        }

        @Override
        public void onEpochEnd(TrainingContext ctx, EpochRecord r) {
            if (r.valLoss() < best) {
                best = r.valLoss();
                bad = 0;
                bestWeights = ctx.snapshot();
                bestEpoch = r.epoch();
            } else if (++bad >= patience) {
                ctx.requestStop("val_loss did not improve for " + patience + " epochs");
            }
        }

        @Override
        public void onTrainEnd(TrainingContext ctx) {
            ctx.restore(bestWeights);
        }
    }

    @Test
    void callbacksCanExpressEarlyStoppingWithBestWeightsRestore() {
        Dataset[] parts = IrisTrainingTest.split(6);
        Sequential model = IrisTrainingTest.mlp(6, new IrisTrainingTest.ModeSpy());
        Path best = tmp.resolve("best.safetensors");
        EarlyStopping es = new EarlyStopping(3);
        // Adam at a high rate overfits 120 samples quickly, so validation loss turns up within 200 epochs
        History h = Trainer.builder().setModel(model).setLoss(new CrossEntropyLoss())
                .setOptimizer(new Adam(List.copyOf(model.namedParameters().values()), 0.05)).setEpochs(200)
                .optBatchSize(8).optSeed(6).addCallback(ModelCheckpoint.best(best, "val_loss")).addCallback(es)
                .build().fit(parts[0], parts[1]);
        assertEquals("val_loss did not improve for 3 epochs", h.stopReason().orElseThrow());
        assertEquals(es.bestEpoch + 3, h.epochs().size());
        // restored weights are exactly those the best checkpoint saved at the same epoch
        Sequential fromFile = IrisTrainingTest.mlp(8, new IrisTrainingTest.ModeSpy());
        ModelState.load(fromFile, best);
        Map<String, float[]> restored = ModelState.snapshot(model);
        ModelState.snapshot(fromFile).forEach((n, v) -> assertArrayEquals(v, restored.get(n), 0f, n));
    }

    @Test
    void schedulesStepOncePerEpochAndTheHistoryRecordsTheRate() {
        Dataset[] parts = IrisTrainingTest.split(7);
        Sequential model = IrisTrainingTest.mlp(7, new IrisTrainingTest.ModeSpy());
        Sgd sgd = new Sgd(List.copyOf(model.namedParameters().values()), 0.1);
        History h = Trainer.builder().setModel(model).setLoss(new CrossEntropyLoss()).setOptimizer(sgd).setEpochs(5)
                .addCallback(LrScheduleCallback.of(new StepLR(sgd, 2, 0.5))).build().fit(parts[0], null);
        assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.05, 0.025}, h.series("lr"), 0.0);
        assertTrue(Double.isNaN(h.epochs().getFirst().valLoss()));
        assertEquals(0.025, sgd.learningRate(), 0.0); // the 5th step is not a multiple of step_size 2

        Sequential m2 = IrisTrainingTest.mlp(7, new IrisTrainingTest.ModeSpy());
        Sgd sgd2 = new Sgd(List.copyOf(m2.namedParameters().values()), 0.1);
        // patience 0 and a threshold no loss change can meet: every epoch after the first is "bad"
        ReduceLROnPlateau plateau = ReduceLROnPlateau.builder(sgd2).optPatience(0)
                .optThreshold(10, ReduceLROnPlateau.ThresholdMode.ABS).build();
        History h2 = Trainer.builder().setModel(m2).setLoss(new CrossEntropyLoss()).setOptimizer(sgd2).setEpochs(3)
                .addCallback(LrScheduleCallback.onPlateau(plateau, "val_loss")).build().fit(parts[0], parts[1]);
        assertEquals(0.1, h2.series("lr")[1], 0.0);
        assertEquals(0.1 * 0.1, h2.series("lr")[2], 1e-17);
    }

    @Test
    void gradientClippingBoundsEveryStep() {
        Dataset[] parts = IrisTrainingTest.split(8);
        Sequential model = IrisTrainingTest.mlp(8, new IrisTrainingTest.ModeSpy());
        double maxNorm = 1e-3;
        List<Double> stepNorms = new ArrayList<>();
        Callback measure = new Callback() {
            private Map<String, float[]> before;

            @Override
            public void onTrainBegin(TrainingContext ctx) {
                before = ctx.snapshot();
            }

            @Override
            public void onStepEnd(TrainingContext ctx, int epoch, int batch) {
                Map<String, float[]> after = ctx.snapshot();
                double sq = 0;
                for (var e : after.entrySet()) {
                    float[] old = before.get(e.getKey());
                    for (int i = 0; i < old.length; i++) {
                        sq += (e.getValue()[i] - old[i]) * (double) (e.getValue()[i] - old[i]);
                    }
                }
                stepNorms.add(Math.sqrt(sq));
                before = after;
            }
        };
        // plain SGD with lr 1: the step is the clipped gradient itself, so its norm is at most max_norm
        trainer(model, 1.0, 2).optClipGradNorm(maxNorm).addCallback(measure).build().fit(parts[0], null);
        assertEquals(16, stepNorms.size());
        for (double n : stepNorms) {
            assertTrue(n <= maxNorm * 1.0001 && n > maxNorm * 0.99, "step norm " + n);
        }
    }

    @Test
    void builderNamesWhatIsMissing() {
        var e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder().setEpochs(1).build());
        assertEquals("Trainer needs setModel, setLoss, setOptimizer", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().setEpochs(0));
    }

    @Test
    void historyExportsReadably() {
        History h = new History();
        h.add(new EpochRecord(1, 1.25, 0.5, 1.5, 0.25, 0.1, 100, 2.0));
        h.add(new EpochRecord(2, 0.75, Double.NaN, Double.NaN, Double.NaN, 0.05, 100, 1.5));
        h.stopped("enough");
        Map<String, Object> second = new java.util.HashMap<>();
        second.put("epoch", 2L);
        second.put("train_loss", 0.75);
        second.put("train_accuracy", null);
        second.put("val_loss", null);
        second.put("val_accuracy", null);
        second.put("lr", 0.05);
        second.put("samples", 100L);
        second.put("seconds", 1.5);
        assertEquals("epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,samples,seconds\n"
                + "1,1.25,0.5,1.5,0.25,0.1,100,2.0\n"
                + "2,0.75,,,,0.05,100,1.5\n", h.toCsv());
        assertEquals(Map.of("epochs", List.of(
                        Map.of("epoch", 1L, "train_loss", 1.25, "train_accuracy", 0.5, "val_loss", 1.5,
                                "val_accuracy", 0.25, "lr", 0.1, "samples", 100L, "seconds", 2.0),
                        second),
                "stop_reason", "enough"), Json.parse(h.toJson()));
        assertEquals(1, h.best("val_loss", true).orElseThrow().epoch());
        assertEquals(2, h.best("train_loss", true).orElseThrow().epoch());
    }
}
