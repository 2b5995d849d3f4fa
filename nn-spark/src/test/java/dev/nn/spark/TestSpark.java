package dev.nn.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** The Spark contexts of the tests: {@code local[2]}, and a {@code local-cluster} of separate executor JVMs. */
final class TestSpark {
    private TestSpark() {
    }

    /** {@return a new local[2] context; the caller closes it} */
    static JavaSparkContext local2() {
        return new JavaSparkContext(base("local[2]"));
    }

    /**
     * {@return a new local-cluster of two workers with one core and 1 GiB each; the caller closes it} The executors
     * are separate JVMs: they load Spark from {@code $SPARK_HOME/jars} (the build copies it there), get this test
     * JVM's whole class path (nn, this module's classes and test classes); Spark gives them its JVM options itself.
     */
    static JavaSparkContext localCluster() {
        return new JavaSparkContext(base("local-cluster[2,1,1024]")
                .set("spark.executor.extraClassPath", System.getProperty("surefire.test.class.path")));
    }

    private static SparkConf base(String master) {
        return new SparkConf().setMaster(master).setAppName("nn-spark-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
    }
}
