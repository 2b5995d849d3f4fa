package dev.nn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.data.Dataset;
import dev.nn.model.TrainingRecipe;
import dev.nn.validate.CrossValidation;
import dev.nn.validate.CrossValidationResult;
import dev.nn.validate.FoldResult;
import dev.nn.validate.Samples;
import dev.nn.validate.StratifiedKFold;
import dev.nn.validate.trial.LocalTrialRunner;
import dev.nn.validate.trial.TrialJob;
import dev.nn.validate.trial.TrialResult;
import dev.nn.validate.trial.TrialRunner;
import dev.nn.validate.trial.TrialWork;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * The integration test: the same 5-fold cross-validation through the local runner, Spark's local[2] and a
 * local-cluster of two executor JVMs gives identical per-fold histories; on the cluster, a trial that throws comes
 * back failed with its message, and trained weights asked for come back byte for byte.
 */
class SparkLocalClusterTest {
    @Test
    void fiveFoldCrossValidationIsIdenticalLocallyInLocalModeAndOnSeparateExecutorJvms() {
        Dataset data = TestWorks.data();
        TrialWork work = TrainingRecipe.builder().setModel("mlp:8;dropout=0.1").optEpochs(3).optBatchSize(8)
                .optBackend("scalar").build().work();
        List<FoldResult> local;
        try (TrialRunner runner = new LocalTrialRunner(2)) {
            local = crossValidate(runner, work, data).folds();
        }
        List<FoldResult> localMode;
        try (JavaSparkContext sc = TestSpark.local2()) {
            localMode = crossValidate(SparkTrialRunner.of(sc), work, data).folds();
        }
        List<FoldResult> cluster;
        List<TrialResult> withFailure;
        try (JavaSparkContext sc = TestSpark.localCluster()) {
            long executorJvms = sc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8)
                    .map(i -> ProcessHandle.current().pid()).distinct().count();
            assertEquals(2, executorJvms, "local-cluster[2,1,1024] runs tasks in two executor JVMs");
            int decodedHere = ExecutorDatasets.decodes();
            cluster = crossValidate(SparkTrialRunner.of(sc), work, data).folds();
            withFailure = SparkTrialRunner.of(sc).run(
                    TrialJob.of(TestWorks.fiveFolds(data.size(), 1), data, new TestWorks.ThrowingWork(3)));
            TrialJob keep = TrialJob.of(TestWorks.fiveFolds(data.size(), 1), data, work).withWeights();
            List<TrialResult> kept = SparkTrialRunner.of(sc).run(keep);
            assertTrue(kept.stream().allMatch(r -> r.weights() != null && r.weights().length > 0), "weights came back");
            assertEquals(LocalTrialRunner.sequential().run(keep), kept, "the same weights, byte for byte");
            assertEquals(decodedHere, ExecutorDatasets.decodes(), "the executors, not the driver, ran the trials");
        }
        assertEquals(5, local.size());
        assertEquals(3, local.get(0).history().epochs(), "the recipe trained three epochs");
        for (int k = 0; k < 5; k++) {
            assertEquals(local.get(k).history(), localMode.get(k).history(), "fold " + k + " in local[2]");
            assertEquals(local.get(k).history(), cluster.get(k).history(), "fold " + k + " on local-cluster");
            assertEquals(local.get(k), cluster.get(k), "fold " + k + " on local-cluster");
        }
        assertTrue(withFailure.get(3).failed());
        assertEquals("learning rate 0 trains nothing (fold 3)", withFailure.get(3).error().message());
        assertEquals(4, withFailure.stream().filter(TrialResult::ok).count());
    }

    private static CrossValidationResult crossValidate(TrialRunner runner, TrialWork work, Dataset data) {
        int[] labels = new int[data.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (int) data.label(i);
        }
        return CrossValidation.builder().setSplitter(new StratifiedKFold(5)).setWork(work, data).optSeed(3)
                .optRunner(runner).build().run(Samples.labeled(labels));
    }
}
