package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.core.layer.Linear;
import dev.nn.core.loss.MSELoss;
import dev.nn.core.optim.Sgd;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NetworkFitterTest {
    private static final Backend BACKEND = Backends.select("scalar");

    @Test
    void standardizationIsFittedOnTheTrainingRowsOnly() {
        float[][] x = new float[20][];
        float[] y = new float[20];
        for (int i = 0; i < 20; i++) {
            x[i] = new float[] {i < 15 ? i : 1000 + i, 3};
            y[i] = i;
        }
        NetworkFitter fitter = NetworkFitter.builder().setData(x, y).setBackend(BACKEND)
                .setModel((b, in, r) -> new Linear(b, in, 1, r)).setLoss(MSELoss::new)
                .setOptimizer(p -> new Sgd(p, 1e-3)).optEpochs(1).build();
        TrainedModel m = fitter.train(Folds.range(15), Folds.range(15, 20), new SplittableRandom(1));
        // rows 0..14: mean 7, population std sqrt((15^2 - 1) / 12) = sqrt(224/12); constant feature keeps scale 1;
        // the validation rows (around 1000) would move the mean far away if they leaked into the statistics
        assertArrayEquals(new float[] {7, 3}, m.standardizer().mean(), 1e-6f);
        assertArrayEquals(new float[] {(float) Math.sqrt(224.0 / 12), 1}, m.standardizer().scale(), 1e-6f);
    }

    @Test
    void earlyStoppingKeepsTheBestEpochAndTheModelReallyHoldsIt() {
        PolynomialData data = PolynomialData.generate(120, new SplittableRandom(5));
        NetworkFitter fitter = NetworkFitter.builder().setData(data.features(20), data.y()).setBackend(BACKEND)
                .setModel((b, in, r) -> new Linear(b, in, 1, false, r)).setLoss(MSELoss::new)
                .setOptimizer(p -> new Sgd(p, 0.01, 0.9, 0, 0, false)).optEpochs(300).optBatchSize(10)
                .optStandardize(false).optEarlyStopping(() -> EarlyStopping.builder().optPatience(20).build())
                .build();
        int[] train = Folds.range(20);
        int[] val = Folds.range(20, 120);
        TrainedModel m = fitter.train(train, val, new SplittableRandom(8));
        FitHistory h = m.history();
        double[] valLoss = h.series(FitHistory.VAL_LOSS);
        int best = 0;
        for (int e = 1; e < valLoss.length; e++) {
            best = valLoss[e] < valLoss[best] ? e : best;
        }
        assertEquals(best, h.finalEpoch(), "the kept epoch is the one with the lowest validation loss");
        float[][] rows = data.features(20);
        float[] flat = new float[val.length * 21];
        for (int i = 0; i < val.length; i++) {
            System.arraycopy(rows[val[i]], 0, flat, 21 * i, 21);
        }
        float[] pred = m.predict(new dev.nn.core.data.Dataset(flat, dev.nn.api.tensor.Shape.of(21),
                new float[val.length]), BACKEND);
        float[] y = data.y();
        float[] truth = new float[val.length];
        for (int i = 0; i < val.length; i++) {
            truth[i] = y[val[i]];
        }
        assertEquals(h.last("val_mse"), Metrics.meanSquaredError(truth, pred),
                "the returned model must reproduce the kept epoch's validation error exactly");
        System.out.println("early stopping: " + h.epochs() + " epochs run, kept epoch " + h.finalEpoch()
                + ", val_mse " + h.last("val_mse") + " (last epoch " + valLoss[valLoss.length - 1] + ")");
    }

    @Test
    void parallelLearningCurveEqualsSequential() {
        Iris iris = new Iris();
        FoldFitter fitter = NetworkFitter.builder().setData(iris.x, iris.y).setBackend(BACKEND)
                .optTask(Task.CLASSIFICATION).setModel((b, in, r) -> new Linear(b, in, 3, r))
                .setLoss(dev.nn.core.loss.CrossEntropyLoss::new).setOptimizer(p -> new Sgd(p, 0.1)).optEpochs(5)
                .build();
        LearningCurve.Builder b = LearningCurve.builder().setSplitter(new StratifiedKFold(3, true, 2L))
                .setFitter(fitter).optTrainSizes(TrainSizes.fractions(0.3, 1.0)).optSeed(4);
        LearningCurveResult seq = b.optParallelism(1).build().run(Samples.labeled(iris.labels));
        LearningCurveResult par = b.optParallelism(4).build().run(Samples.labeled(iris.labels));
        assertEquals(seq.fits(), par.fits());
        assertNotEquals(seq.fits().get(0).get(0).seed(), seq.fits().get(0).get(1).seed(), "each fit has its own seed");
        assertTrue(seq.means("val_accuracy")[1] > 0.6);
    }
}
