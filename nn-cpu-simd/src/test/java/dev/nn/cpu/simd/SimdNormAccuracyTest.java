package dev.nn.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.backend.Backends;
import dev.nn.api.backend.NormKernels;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Statistics stay accurate where float32 sums would not: values with a mean of 1e4 and a standard deviation of 1e-2
 * (so the variance is 1e-12 of the mean's square), in long rows and channels, on every kernel path (rows; (n, c)
 * input; small images streamed; large images in blocks), with and without an outlier as the first value (the shift
 * of the one-pass channel statistics). The reference is the two-pass mean and variance in double of the same float32
 * inputs, accurate to ~1e-12 here; cpu-simd's mean and variance must round to within one float ulp of it, as the
 * scalar twin's do.
 */
class SimdNormAccuracyTest {
    private static Backend simd;

    @BeforeAll
    static void open() {
        simd = Backends.select("cpu-simd", new BackendConfig(2));
    }

    @AfterAll
    static void close() {
        simd.close();
    }

    private static float[] values(int size, double mean, double std, boolean outlierFirst, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (mean + std * random.nextGaussian());
        }
        if (outlierFirst) {
            v[0] = (float) (mean + 1000 * std);
        }
        return v;
    }

    /** Two-pass mean and biased variance in double of values[(b * c + ch) * inner + i] over b and i. */
    private static double[] reference(float[] x, int n, int c, int inner, int ch) {
        double sum = 0;
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < inner; i++) {
                sum += x[(b * c + ch) * inner + i];
            }
        }
        double mean = sum / ((double) n * inner);
        double sq = 0;
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < inner; i++) {
                double d = x[(b * c + ch) * inner + i] - mean;
                sq += d * d;
            }
        }
        return new double[] {mean, sq / ((double) n * inner)};
    }

    private static void assertWithinAnUlp(double want, float got, String what) {
        double error = Math.abs(got - want);
        assertTrue(error <= Math.ulp((float) want),
                what + ": want " + want + ", got " + got + ", error " + error + " > one ulp " + Math.ulp((float) want)
                        + " (relative " + error / Math.abs(want) + ")");
    }

    /** Channel statistics (and the fused forward's) on every channel path. */
    @ParameterizedTest(name = "n={0} c={1} inner={2} outlier first={3}")
    @CsvSource({"4096,16,1,false", "4096,16,1,true", "256,8,49,false", "256,8,49,true", "32,4,3136,false",
        "32,4,3136,true", "3,5,1000,true"})
    void channelStatisticsAreAccurate(int n, int c, int inner, boolean outlierFirst) {
        NormKernels norm = simd.norm();
        float[] x = values(n * c * inner, 1e4, 1e-2, outlierFirst, 1);
        Tensor xt = simd.tensor(Shape.of(n, c, inner), x);
        Tensor mean = simd.zeros(Shape.of(c));
        Tensor var = simd.zeros(Shape.of(c));
        Tensor invstd = simd.zeros(Shape.of(c));
        norm.channelStatistics(mean, var, invstd, xt, n, c, inner, 1e-5f);
        Tensor fusedMean = simd.zeros(Shape.of(c));
        Tensor fusedVar = simd.zeros(Shape.of(c));
        norm.channelNormForwardWithStatistics(simd.zeros(xt.shape()), fusedMean, fusedVar, simd.zeros(Shape.of(c)), xt,
                null, null, n, c, inner, 1e-5f);
        for (int ch = 0; ch < c; ch++) {
            double[] want = reference(x, n, c, inner, ch);
            String what = "channel " + ch;
            assertWithinAnUlp(want[0], mean.toArray()[ch], what + " mean");
            assertWithinAnUlp(want[1], var.toArray()[ch], what + " variance");
            assertWithinAnUlp(want[0], fusedMean.toArray()[ch], what + " mean (fused)");
            assertWithinAnUlp(want[1], fusedVar.toArray()[ch], what + " variance (fused)");
        }
    }

    /** Row statistics (and the fused GroupNorm forward's) on long rows. */
    @ParameterizedTest(name = "rows={0} cols={1} outlier first={2}")
    @CsvSource({"8,768,false", "8,768,true", "2,100000,false", "2,100000,true", "16,17,true"})
    void rowStatisticsAreAccurate(int rows, int cols, boolean outlierFirst) {
        NormKernels norm = simd.norm();
        float[] x = values(rows * cols, 1e4, 1e-2, outlierFirst, 2);
        Tensor xt = simd.tensor(Shape.of(rows, cols), x);
        Tensor mean = simd.zeros(Shape.of(rows));
        Tensor var = simd.zeros(Shape.of(rows));
        Tensor rstd = simd.zeros(Shape.of(rows));
        norm.rowStatistics(mean, var, rstd, xt, rows, cols, 1e-5f);
        Tensor fusedMean = simd.zeros(Shape.of(rows));
        Tensor fusedVar = simd.zeros(Shape.of(rows));
        norm.groupNormForwardWithStatistics(simd.zeros(xt.shape()), fusedMean, fusedVar, simd.zeros(Shape.of(rows)),
                xt, null, null, rows, 1, cols, 1, 1e-5f);
        for (int r = 0; r < rows; r++) {
            double[] want = reference(x, 1, rows, cols, r);
            String what = "row " + r;
            assertWithinAnUlp(want[0], mean.toArray()[r], what + " mean");
            assertWithinAnUlp(want[1], var.toArray()[r], what + " variance");
            assertWithinAnUlp(want[0], fusedMean.toArray()[r], what + " mean (fused)");
            assertWithinAnUlp(want[1], fusedVar.toArray()[r], what + " variance (fused)");
        }
    }
}
