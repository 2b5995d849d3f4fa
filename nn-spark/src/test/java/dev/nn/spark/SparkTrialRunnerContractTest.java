package dev.nn.spark;

import dev.nn.tck.TrialRunnerContract;
import dev.nn.validate.trial.TrialRunner;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The trial runners' test kit, on Spark in local[2]. */
class SparkTrialRunnerContractTest extends TrialRunnerContract {
    private static JavaSparkContext sc;

    @BeforeAll
    static void startSpark() {
        sc = TestSpark.local2();
    }

    @AfterAll
    static void stopSpark() {
        sc.close();
    }

    @Override
    protected TrialRunner open() {
        return SparkTrialRunner.of(sc);
    }
}
