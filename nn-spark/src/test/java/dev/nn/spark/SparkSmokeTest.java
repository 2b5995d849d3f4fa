package dev.nn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/** Spark itself runs on this JDK: a tiny job in local[2] (SparkLocalClusterTest runs one on separate JVMs). */
class SparkSmokeTest {
    @Test
    void sumsSquaresInLocalMode() {
        try (JavaSparkContext sc = TestSpark.local2()) {
            assertEquals(385, sumOfSquares(sc));
        }
    }

    /** 1² + 2² + ... + 10², summed by four tasks. */
    private static int sumOfSquares(JavaSparkContext sc) {
        return sc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 4).map(i -> i * i).reduce(Integer::sum);
    }
}
