package dev.nn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.NnException;
import dev.nn.core.data.Dataset;
import dev.nn.validate.trial.TrialJob;
import dev.nn.validate.trial.TrialResult;
import dev.nn.validate.trial.TrialRunner;
import dev.nn.validate.trial.TrialRunners;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/** Whose Spark context runs the trials: one the runner starts and stops, and one that stops under it (Ctrl-C). */
class SparkContextLifecycleTest {
    @Test
    void startsItsContextWithTheJobsThreadsPerTrialAndStopsItOnClose() {
        Dataset data = TestWorks.data();
        TrialJob job = new TrialJob(TestWorks.fiveFolds(data.size(), 1), data,
                List.of(new TestWorks.SeededWork(2, 1)), 2);
        JavaSparkContext started;
        try (TrialRunner runner = TrialRunners.open("spark", Map.of("master", "local[2]", "app-name", "owned",
                "spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1"))) {
            assertEquals(5, runner.run(job).size());
            started = ((SparkTrialRunner) runner).sparkContext();
            assertEquals("2", started.getConf().get("spark.task.cpus"), "two cores reserved per trial");
            assertEquals("owned", started.appName());
            assertEquals("local[2]", started.master());
        }
        assertTrue(started.sc().isStopped(), "close() stopped the context the runner started");
    }

    @Test
    void refusesToRunOnceClosed() {
        Dataset data = TestWorks.data();
        TrialRunner runner = TrialRunners.open("spark", Map.of("master", "local[1]"));
        runner.close();
        NnException e = assertThrows(NnException.class,
                () -> runner.run(TrialJob.of(TestWorks.fiveFolds(data.size(), 1), data,
                        new TestWorks.SeededWork(1, 1))));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void aStopThatComesWithSparksShutdownReturnsTheFinishedTrials() throws Exception {
        // Ctrl-C: the JVM's shutdown runs Spark's hook, which stops the context, while nn's stop turns true
        Dataset data = TestWorks.data();
        TestWorks.Blocking.arm(1);
        JavaSparkContext sc = TestSpark.local2();
        try {
            TrialJob job = TrialJob.of(TestWorks.fiveFolds(data.size(), 1).subList(0, 1), data,
                    new TestWorks.BlockingWork());
            CompletableFuture<List<TrialResult>> run = CompletableFuture.supplyAsync(
                    () -> SparkTrialRunner.of(sc).run(job, (r, d, t) -> { }, () -> sc.sc().isStopped()));
            assertTrue(TestWorks.Blocking.started.await(60, TimeUnit.SECONDS), "the trial is running");
            sc.close();
            assertEquals(List.of(), run.get(60, TimeUnit.SECONDS), "the running trial was cut short: left out");
        } finally {
            sc.close();
        }
    }
}
