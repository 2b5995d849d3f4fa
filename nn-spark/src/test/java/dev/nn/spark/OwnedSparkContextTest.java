package dev.nn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.NnException;
import dev.nn.core.data.Dataset;
import dev.nn.validate.trial.TrialJob;
import dev.nn.validate.trial.TrialRunner;
import dev.nn.validate.trial.TrialRunners;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/** A runner opened by name starts its own context at its first run and stops it when closed. */
class OwnedSparkContextTest {
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
}
