package dev.nn.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.backend.DropoutKernels;
import dev.nn.api.backend.NoiseKey;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.host.scalar.ScalarBackend;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the kit's sizes do not reach: the vector Philox against {@link NoiseKey#block} block by block (across the
 * 32-bit carry of the block index, with negative key words), and tensors of several parts and many chunks, where
 * groups and offsets straddle part, chunk, block and vector boundaries, against the scalar twins on 1 and 3
 * threads.
 */
class SimdDropoutKernelsTest {
    /** Two whole parts, a part cut short, and a chunk's worth more: every boundary the kernels have. */
    private static final int LARGE = 2 * SimdDropoutKernels.SUM_PART + 5 * Dropout.CHUNK + 37;

    private static Backend scalar;
    private static Backend one;
    private static Backend three;

    @BeforeAll
    static void open() {
        scalar = new ScalarBackend();
        one = new SimdBackendProvider().create(new BackendConfig(1));
        three = new SimdBackendProvider().create(new BackendConfig(3));
    }

    @AfterAll
    static void close() {
        scalar.close();
        one.close();
        three.close();
    }

    private static float[] values(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble(-2, 2);
        }
        return v;
    }

    private static Tensor on(Backend b, float[] v) {
        return b.tensor(Shape.of(v.length), v);
    }

    private static void assertBits(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                assertEquals(want[i], got[i], what + ": element " + i + " of " + want.length);
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                        what + ": bits of element " + i + " of " + want.length);
            }
        }
    }

    // ---- the generator ----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "first block {0}")
    @ValueSource(longs = {0, 1, 3, 0xFFFF_FFFFL - 40, (1L << 33) + 5, Long.MAX_VALUE / 8})
    void vectorPhiloxIsThePhiloxOfNoiseKey(long first) {
        int[] block = new int[4];
        for (NoiseKey key : new NoiseKey[] {new NoiseKey(0, 0, 0), new NoiseKey(42L, 3, 7),
                new NoiseKey(-7L, -1, Integer.MIN_VALUE), new NoiseKey(0x9E3779B97F4A7C15L, 11, 123_456)}) {
            for (int blocks : new int[] {1, 3, 17, 100}) {
                int[] words = new int[PhiloxVectors.capacity(4 * blocks)];
                PhiloxVectors.fill(words, key, first, blocks);
                for (int b = 0; b < blocks; b++) {
                    key.block(first + b, block);
                    for (int w = 0; w < 4; w++) {
                        assertEquals(block[w], words[4 * b + w], key + " block " + (first + b) + " word " + w);
                    }
                }
            }
        }
    }

    // ---- masks over many parts --------------------------------------------------------------------------------

    @ParameterizedTest(name = "group {0}")
    @ValueSource(ints = {1, 2, 3, 7, 49, 1000, 40_000})
    void largeMasksAreTheScalarTwinsOnAnyThreadCount(int group) {
        int n = (LARGE + group - 1) / group * group;
        float[] x = values(n, group);
        float[] dy = values(n, group + 1L);
        x[0] = Float.NaN;
        x[1] = Float.NEGATIVE_INFINITY;
        x[2] = -0f;
        var key = new NoiseKey(77L, 2, 5);
        for (double p : new double[] {0.1, 0.5}) {
            float[][] want = run(scalar, x, dy, key, p, group);
            for (Backend b : new Backend[] {one, three}) {
                float[][] got = run(b, x, dy, key, p, group);
                String what = "p=" + p + " group=" + group + " on " + ((SimdBackend) b).threads() + " thread(s)";
                assertBits(want[0], got[0], "dropout forward, " + what);
                assertBits(want[1], got[1], "dropout backward, " + what);
                assertBits(want[2], got[2], "alpha dropout forward, " + what);
                assertBits(want[3], got[3], "alpha dropout backward, " + what);
            }
        }
    }

    /** Forward, backward accumulated onto dy, alpha forward, alpha backward accumulated onto dy. */
    private static float[][] run(Backend b, float[] x, float[] dy, NoiseKey key, double p, int group) {
        DropoutKernels d = b.dropout();
        Tensor xt = on(b, x);
        Tensor y = b.zeros(Shape.of(x.length));
        Tensor dx = on(b, dy);
        Tensor dyt = on(b, dy);
        Tensor adx = on(b, dy);
        d.bernoulliForward(y, xt, key, p, group);
        float[] forward = y.toArray();
        d.bernoulliBackward(dx, dyt, key, p, group);
        d.alphaForward(y, xt, key, p, group);
        d.alphaBackward(adx, dyt, key, p, group);
        return new float[][] {forward, dx.toArray(), y.toArray(), adx.toArray()};
    }

    @Test
    void inPlaceForwardIsTheOutOfPlaceOne() {
        float[] x = values(LARGE, 3);
        var key = new NoiseKey(5L, 1, 1);
        Tensor y = one.zeros(Shape.of(LARGE));
        Tensor xt = on(three, x);
        one.dropout().bernoulliForward(y, on(one, x), key, 0.4, 1);
        three.dropout().bernoulliForward(xt, xt, key, 0.4, 1);
        assertBits(y.toArray(), xt.toArray(), "y = dropout(x) in place");
    }

    @ParameterizedTest(name = "group {0}")
    @ValueSource(ints = {1, 3, 16, 1000})
    void largeKeepMasksAtOffsetsAreTheScalarTwins(int group) {
        var key = new NoiseKey(-3L, 9, 10);
        for (long first : new long[] {0, 1, 2, 3, 4L * 0xFFFF_FFFFL - 5, (1L << 40) + 13}) {
            Tensor want = scalar.zeros(Shape.of(LARGE));
            scalar.dropout().keepMask(want, key, 0.3, group, first);
            for (Backend b : new Backend[] {one, three}) {
                Tensor got = b.zeros(Shape.of(LARGE));
                b.dropout().keepMask(got, key, 0.3, group, first);
                assertBits(want.toArray(), got.toArray(), "keep mask, first=" + first + " group=" + group);
            }
        }
    }

    @Test
    void largeNormalNoiseIsTheScalarTwinsAndIndependentOfThreads() {
        var key = new NoiseKey(8L, 4, 2);
        for (long first : new long[] {0, 1, 2, 3, 5, (1L << 35) + 7}) {
            Tensor want = scalar.zeros(Shape.of(LARGE));
            scalar.dropout().normalNoise(want, key, 0.25f, 1.5f, first);
            Tensor got1 = one.zeros(Shape.of(LARGE));
            one.dropout().normalNoise(got1, key, 0.25f, 1.5f, first);
            Tensor got3 = three.zeros(Shape.of(LARGE));
            three.dropout().normalNoise(got3, key, 0.25f, 1.5f, first);
            float[] w = want.toArray();
            float[] g = got1.toArray();
            for (int i = 0; i < LARGE; i++) {       // vector LOG, SIN, COS: within an ulp of Math's
                assertEquals(w[i], g[i], 2e-6 * Math.max(1, Math.abs(w[i])), "noise element " + i + ", first=" + first);
            }
            assertArrayEquals(g, got3.toArray(), "noise on 1 and 3 threads, first=" + first);
        }
    }

    // ---- penalties over many parts ----------------------------------------------------------------------------

    @Test
    void largePenaltiesAreTheScalarTwins() {
        float[] x = values(LARGE, 11);
        x[0] = 0f;
        x[1] = -0f;
        x[2] = Float.NaN;
        x[3] = Float.NEGATIVE_INFINITY;
        double sum = scalar.dropout().absSum(on(scalar, x));
        float[] dx = values(LARGE, 12);
        Tensor want = on(scalar, dx);
        scalar.dropout().signAxpy(want, 0.3f, on(scalar, x));
        for (Backend b : new Backend[] {one, three}) {
            assertTrue(Double.isNaN(sum) && Double.isNaN(b.dropout().absSum(on(b, x))), "a NaN makes the sum NaN");
            Tensor got = on(b, dx);
            b.dropout().signAxpy(got, 0.3f, on(b, x));
            assertBits(want.toArray(), got.toArray(), "signAxpy");
        }
        float[] finite = values(LARGE, 13);
        double s = scalar.dropout().absSum(on(scalar, finite));
        assertEquals(s, one.dropout().absSum(on(one, finite)), 1e-12 * s, "absSum on 1 thread");
        assertEquals(one.dropout().absSum(on(one, finite)), three.dropout().absSum(on(three, finite)),
                "absSum on 1 and 3 threads");
        int rows = 1000;
        int cols = LARGE / rows;
        float[] w = Arrays.copyOf(finite, rows * cols);
        Tensor ws = scalar.tensor(Shape.of(rows, cols), w);
        scalar.dropout().maxNormRows(ws, rows, cols, 3f, 1e-7f);
        Tensor w1 = one.tensor(Shape.of(rows, cols), w);
        one.dropout().maxNormRows(w1, rows, cols, 3f, 1e-7f);
        Tensor w3 = three.tensor(Shape.of(rows, cols), w);
        three.dropout().maxNormRows(w3, rows, cols, 3f, 1e-7f);
        float[] want3 = ws.toArray();
        float[] got3 = w1.toArray();
        for (int i = 0; i < want3.length; i++) {
            assertEquals(want3[i], got3[i], 1e-6 * Math.abs(want3[i]), "maxNormRows element " + i);
        }
        assertArrayEquals(got3, w3.toArray(), "maxNormRows on 1 and 3 threads");
    }

    // ---- checks -----------------------------------------------------------------------------------------------

    @Test
    void rejectsWhatTheScalarTwinRejects() {
        DropoutKernels d = one.dropout();
        Tensor x = one.zeros(Shape.of(10));
        Tensor y = one.zeros(Shape.of(10));
        var key = new NoiseKey(1L, 0, 0);
        ShapeException e = assertThrows(ShapeException.class, () -> d.bernoulliForward(y, x, key, 0.5, 3));
        assertTrue(e.getMessage().contains("group of 3") && e.getMessage().contains("divide"), e.getMessage());
        assertThrows(ShapeException.class, () -> d.bernoulliBackward(y, x, key, 0.5, 0));
        assertThrows(ShapeException.class, () -> d.alphaForward(y, one.zeros(Shape.of(9)), key, 0.5, 1));
        assertThrows(ShapeException.class, () -> d.keepMask(y, key, 0.5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> d.keepMask(y, key, 0.5, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> d.normalNoise(y, key, 0f, 1f, -1));
        assertThrows(ShapeException.class, () -> d.signAxpy(y, 1f, one.zeros(Shape.of(11))));
        assertThrows(ShapeException.class, () -> d.maxNormRows(y, 3, 3, 1f, 1e-7f));
    }
}
