package dev.nn.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.core.data.CsvReader;
import dev.nn.core.data.DataLoader;
import dev.nn.core.data.Dataset;
import dev.nn.core.data.Standardizer;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Adam;
import dev.nn.core.state.ModelState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on Fisher's Iris (150 samples, 3 classes): CSV, a seeded 120/30 split, standardization fitted on the
 * training part, an MLP trained with Adam, validation every epoch, a best checkpoint that reloads to identical outputs.
 */
class IrisTrainingTest {
    static final Backend B = Backends.select("scalar");
    static final Path IRIS = Path.of("src/test/resources/dev/nn/core/data/iris.csv");

    @TempDir
    Path tmp;

    /** Train and validation parts: a seeded permutation, 120 / 30, standardized with the training statistics. */
    static Dataset[] split(long seed) {
        Dataset iris = CsvReader.builder().setLabelColumn("species").optClassLabels(true).build().read(IRIS);
        int[] order = DataLoader.permutation(iris.size(), new SplittableRandom(seed));
        Dataset train = iris.subset(Arrays.copyOfRange(order, 0, 120));
        Dataset val = iris.subset(Arrays.copyOfRange(order, 120, 150));
        Standardizer s = Standardizer.fit(train);
        return new Dataset[] {s.transform(train), s.transform(val)};
    }

    /** 4-16-3 MLP; the identity spy sits between ReLU and the output layer, so its name is "2". */
    static Sequential mlp(long seed, Layer spy) {
        SplittableRandom r = new SplittableRandom(seed);
        return new Sequential(new Linear(B, 4, 16, r), new ReLU(), spy, new Linear(B, 16, 3, r));
    }

    /** Records the mode of every forward pass, passing values through. */
    static final class ModeSpy implements Layer {
        final List<Mode> modes = new ArrayList<>();

        @Override
        public dev.nn.api.tensor.Tensor forward(dev.nn.api.tensor.Tensor x, Mode mode) {
            modes.add(mode);
            return x;
        }

        @Override
        public dev.nn.api.tensor.Tensor backward(dev.nn.api.tensor.Tensor g) {
            return g;
        }
    }

    @Test
    void mlpReachesNinetyPercentValidationAccuracyAndTheCheckpointReloadsExactly() {
        Dataset[] parts = split(2024);
        ModeSpy spy = new ModeSpy();
        Sequential model = mlp(7, spy);
        Path best = tmp.resolve("best.safetensors");
        List<String> log = new ArrayList<>();
        ModelCheckpoint checkpoint = ModelCheckpoint.best(best, "val_loss");
        History h = Trainer.builder().setModel(model).setLoss(new CrossEntropyLoss())
                .setOptimizer(new Adam(List.copyOf(model.namedParameters().values()), 0.01)).setEpochs(60)
                .optBatchSize(16).optSeed(1).addCallback(new NonFiniteGuard()).addCallback(checkpoint)
                .addCallback(new ProgressLogger(log::add, 0)).build().fit(parts[0], parts[1]);

        assertEquals(60, h.epochs().size());
        EpochRecord last = h.last().orElseThrow();
        assertTrue(last.valAccuracy() >= 0.9, "validation accuracy " + last.valAccuracy() + "\n" + h.toCsv());
        assertTrue(last.trainAccuracy() >= 0.9, "training accuracy " + last.trainAccuracy());
        assertTrue(last.trainLoss() < 0.3 * h.epochs().getFirst().trainLoss(), h.toCsv());
        assertEquals(120, last.trainSamples());
        assertFalse(Double.isNaN(last.valLoss()));
        assertEquals(61, log.size());
        assertTrue(log.getFirst().startsWith("epoch 1/60 train_loss "), log.getFirst());
        assertEquals("finished 60 epochs", log.getLast());
        System.out.println("Iris: " + log.get(59) + "; best val_loss at epoch " + checkpoint.savedEpoch());

        // 8 batches (120 / 16) in TRAIN mode per epoch, then 2 validation batches (30 / 16) in EVAL mode
        List<Mode> expected = new ArrayList<>();
        for (int e = 0; e < 60; e++) {
            expected.addAll(java.util.Collections.nCopies(8, Mode.TRAIN));
            expected.addAll(java.util.Collections.nCopies(2, Mode.EVAL));
        }
        assertEquals(expected, spy.modes);

        // the best checkpoint reloads into a differently initialized model and gives bit-identical outputs
        EpochRecord bestEpoch = h.best("val_loss", true).orElseThrow();
        assertEquals(bestEpoch.epoch(), checkpoint.savedEpoch());
        Sequential reloaded = mlp(99, new ModeSpy());
        var meta = ModelState.load(reloaded, best);
        assertEquals(Integer.toString(bestEpoch.epoch()), meta.get("epoch"));
        assertEquals("val_loss", meta.get("monitor"));
        // evaluating the reloaded model reproduces the validation figures recorded for that epoch exactly
        Evaluation ev = Trainer.evaluate(reloaded, new CrossEntropyLoss(), parts[1], 16, B);
        assertEquals(bestEpoch.valLoss(), ev.loss(), 0.0);
        assertEquals(bestEpoch.valAccuracy(), ev.accuracy(), 0.0);

        // the final model, saved and loaded into a fresh one, gives bit-identical outputs
        Path finalFile = tmp.resolve("final.safetensors");
        ModelState.save(model, finalFile);
        Sequential copy = mlp(97, new ModeSpy());
        ModelState.load(copy, finalFile);
        var x = parts[1].batch(java.util.stream.IntStream.range(0, 30).toArray()).inputs(B);
        float[] original = model.forward(x, Mode.EVAL).toArray();
        assertEquals(Shape.of(30, 3), copy.forward(x, Mode.EVAL).shape());
        assertArrayEquals(original, copy.forward(x, Mode.EVAL).toArray(), 0f);
        assertEquals(Trainer.evaluate(model, new CrossEntropyLoss(), parts[1], 16, B),
                Trainer.evaluate(copy, new CrossEntropyLoss(), parts[1], 16, B));
    }

    @Test
    void sameSeedSameHistory() {
        double[][] losses = new double[2][];
        for (int run = 0; run < 2; run++) {
            Dataset[] parts = split(5);
            Sequential model = mlp(3, new ModeSpy());
            losses[run] = Trainer.builder().setModel(model).setLoss(new CrossEntropyLoss())
                    .setOptimizer(new Adam(List.copyOf(model.namedParameters().values()), 0.01)).setEpochs(3)
                    .optBatchSize(10).optSeed(11).build().fit(parts[0], parts[1]).series("val_loss");
        }
        assertArrayEquals(losses[0], losses[1], 0.0);
    }
}
