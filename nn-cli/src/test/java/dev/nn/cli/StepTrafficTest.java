package dev.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.backend.Backends;
import dev.nn.api.backend.CountingBackend;
import dev.nn.api.backend.MemoryStats;
import dev.nn.api.tensor.Shape;
import dev.nn.core.data.Dataset;
import dev.nn.core.layer.Sequential;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.optim.Sgd;
import dev.nn.core.train.Callback;
import dev.nn.core.train.Trainer;
import dev.nn.core.train.TrainingContext;
import dev.nn.model.ModelSpec;
import dev.nn.regularize.NoiseSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The models of {@code nn train} (cnn and mlp, with BatchNorm and dropout, SGD with momentum) trained through a
 * {@link CountingBackend}: after the first step, a step does no host read, exactly two host writes (inputs and
 * targets) and no allocation. The trainer reads its metrics once at the end of the epoch, outside the steps; after
 * training, releasing the model and the loss returns the backend to what the parameters and optimizer hold.
 */
class StepTrafficTest {
    private static final int STEPS = 6;

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"mlp, scalar", "mlp, cpu-simd", "cnn, scalar", "cnn, cpu-simd"})
    void aSteadyStepReadsNothingWritesTheBatchAndAllocatesNothing(String model, String backendName) {
        try (CountingBackend backend = new CountingBackend(Backends.select(backendName, BackendConfig.defaults()))) {
            int batch = 8;
            int samples = batch * STEPS - 3; // the last batch is smaller: a view of the same buffers
            Dataset data = images(samples, new SplittableRandom(3));
            Sequential net = ModelSpec.parse(model.equals("cnn") ? "cnn:4,8;dropout=0.3" : "mlp:32,16;dropout=0.3")
                    .build(backend, Shape.of(1, 28, 28), 10, new SplittableRandom(7), NoiseSource.of(7));
            List<CountingBackend.Counts> perStep = new ArrayList<>();
            Callback probe = new Callback() {
                private CountingBackend.Counts last;

                @Override
                public void onEpochBegin(TrainingContext ctx, int epoch) {
                    last = backend.counts();
                }

                @Override
                public void onStepEnd(TrainingContext ctx, int epoch, int step) {
                    CountingBackend.Counts now = backend.counts();
                    perStep.add(now.minus(last));
                    last = now;
                }
            };
            CrossEntropyLoss loss = new CrossEntropyLoss();
            Sgd sgd = new Sgd(List.copyOf(net.namedParameters().values()), 0.05, 0.9, 0, 0, false);
            MemoryStats modelAndOptimizer = backend.memory();
            Trainer trainer = Trainer.builder().setModel(net).setLoss(loss).setOptimizer(sgd)
                    .setEpochs(2).optBatchSize(batch).optSeed(1).optProgressEvery(1000).optClipGradNorm(5)
                    .addCallback(probe).build();
            trainer.fit(data, null);

            assertEquals(2 * STEPS, perStep.size());
            assertTrue(perStep.getFirst().allocations() > 0, "the first step allocates the buffers");
            for (int i = 1; i < perStep.size(); i++) {
                var step = perStep.get(i);
                String where = model + " on " + backendName + ", step " + (i + 1) + ": " + step;
                assertEquals(0, step.hostReads(), where);
                assertEquals(2, step.hostWrites(), where);
                assertEquals(0, step.allocations(), where);
            }

            // the trainer freed its staging and metrics; releasing the model and the loss frees the rest
            net.release();
            loss.release();
            MemoryStats released = backend.memory();
            assertEquals(modelAndOptimizer.liveTensors(), released.liveTensors(), "live tensors after release");
            assertEquals(modelAndOptimizer.liveBytes(), released.liveBytes(), "live bytes after release");
        }
    }

    private static Dataset images(int n, SplittableRandom random) {
        float[] x = new float[n * 28 * 28];
        float[] y = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
        }
        return new Dataset(x, Shape.of(1, 28, 28), y);
    }
}
