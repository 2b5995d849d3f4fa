package dev.nn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.NnException;
import dev.nn.validate.trial.TrialRunnerProvider;
import dev.nn.validate.trial.TrialRunners;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkTrialRunnerProviderTest {
    @Test
    void isFoundByNameThroughServiceLoader() {
        TrialRunnerProvider spark = TrialRunners.installed().get("spark");
        assertInstanceOf(SparkTrialRunnerProvider.class, spark);
        assertTrue(TrialRunners.installed().containsKey("local"), "the local runner is installed beside it");
    }

    @Test
    void defaultsToAllLocalCoresAndNamesTheApplication() {
        SparkConf conf = SparkTrialRunnerProvider.conf(Map.of());
        assertEquals("local[*]", conf.get("spark.master"));
        assertEquals("nn trials", conf.get("spark.app.name"));
    }

    @Test
    void takesTheMasterTheAppNameAndSparkPropertiesAsGiven() {
        SparkConf conf = SparkTrialRunnerProvider.conf(Map.of("master", " spark://head:7077 ", "app-name", "grid",
                "spark.executor.memory", "3g"));
        assertEquals("spark://head:7077", conf.get("spark.master"));
        assertEquals("grid", conf.get("spark.app.name"));
        assertEquals("3g", conf.get("spark.executor.memory"));
    }

    @Test
    void refusesAnUnknownSettingListingTheKnownOnes() {
        NnException e = assertThrows(NnException.class,
                () -> SparkTrialRunnerProvider.conf(Map.of("masters", "local[2]")));
        assertTrue(e.getMessage().contains("'masters'") && e.getMessage().contains("master=URL")
                && e.getMessage().contains("spark.*"), e.getMessage());
    }

    @Test
    void refusesAnEmptyMaster() {
        NnException e = assertThrows(NnException.class, () -> SparkTrialRunnerProvider.conf(Map.of("master", " ")));
        assertTrue(e.getMessage().contains("master is empty"), e.getMessage());
    }

    @Test
    void opensARunnerThatStartsNothingUntilItRuns() {
        try (var runner = new SparkTrialRunnerProvider().open(Map.of("master", "local[1]"))) {
            assertEquals("spark", runner.name());
            assertEquals(null, ((SparkTrialRunner) runner).sparkContext());
        }
    }
}
