package dev.nn.regularize;

import static dev.nn.regularize.Tensors.SCALAR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.NoiseKey;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Masks depend only on (seed, stream, step) and the element index: not on threads, chunks or call order. */
class MaskReproducibilityTest {
    private static final int N = 100_003;
    // uneven chunk boundaries, most not multiples of 4 (a Philox block holds 4 draws) nor of the group
    private static final int[] CUTS = {0, 1, 7, 4_099, 30_000, 30_001, 65_538, 99_999, N};

    private interface Chunk {
        void fill(Tensor out, long first);
    }

    private static float[] inChunksOnThreads(Chunk chunk, int threads) throws Exception {
        float[] all = new float[N];
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int c = CUTS.length - 2; c >= 0; c--) {          // submitted in reverse: order must not matter
                int from = CUTS[c];
                int to = CUTS[c + 1];
                jobs.add(pool.submit(() -> {
                    Tensor part = SCALAR.zeros(Shape.of(to - from));
                    chunk.fill(part, from);
                    System.arraycopy(part.toArray(), 0, all, from, to - from);
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        }
        return all;
    }

    @Test
    void keepMaskIsTheSameInOneChunkOrManyOnSeveralThreads() throws Exception {
        NoiseKey key = new NoiseKey(0x5EEDL, 3, 41);
        for (int group : new int[] {1, 9}) {
            Tensor whole = SCALAR.zeros(Shape.of(N));
            SCALAR.dropout().keepMask(whole, key, 0.35, group, 0);
            float[] chunked = inChunksOnThreads((out, first) ->
                    SCALAR.dropout().keepMask(out, key, 0.35, group, first), 4);
            assertArrayEquals(whole.toArray(), chunked, "group " + group);
            float[] single = inChunksOnThreads((out, first) ->
                    SCALAR.dropout().keepMask(out, key, 0.35, group, first), 1);
            assertArrayEquals(whole.toArray(), single, "group " + group + " on one thread");
        }
    }

    @Test
    void normalNoiseIsTheSameInOneChunkOrManyOnSeveralThreads() throws Exception {
        NoiseKey key = new NoiseKey(-1L, 0, 7);
        Tensor whole = SCALAR.zeros(Shape.of(N));
        SCALAR.dropout().normalNoise(whole, key, 1f, 0.5f, 0);
        float[] chunked = inChunksOnThreads((out, first) ->
                SCALAR.dropout().normalNoise(out, key, 1f, 0.5f, first), 3);
        assertArrayEquals(whole.toArray(), chunked);
    }

    @Test
    void theLayersForwardUsesExactlyTheStreamsMask() {
        NoiseSource source = NoiseSource.of(0x5EEDL);
        new Dropout(0.5, source);                               // takes stream 0
        Dropout d = new Dropout(0.35, source);
        assertEquals(1, d.engine().streamId(), "streams are numbered in the order layers are made");
        d.forward(Tensors.filled(1f, 10), Mode.TRAIN);         // step 0
        float[] y = d.forward(Tensors.filled(1f, N), Mode.TRAIN).toArray();   // step 1
        Tensor mask = SCALAR.zeros(Shape.of(N));
        SCALAR.dropout().keepMask(mask, new NoiseKey(0x5EEDL, d.engine().streamId(), 1), 0.35, 1, 0);
        float[] m = mask.toArray();
        for (int i = 0; i < N; i++) {
            assertEquals(m[i] == 1f, y[i] != 0f, "element " + i);
        }
    }

    @Test
    void differentSeedsGiveDifferentMasksOfTheSameRate() {
        Tensor a = SCALAR.zeros(Shape.of(N));
        Tensor b = SCALAR.zeros(Shape.of(N));
        SCALAR.dropout().keepMask(a, new NoiseKey(1, 0, 0), 0.5, 1, 0);
        SCALAR.dropout().keepMask(b, new NoiseKey(2, 0, 0), 0.5, 1, 0);
        float[] x = a.toArray();
        float[] y = b.toArray();
        assertFalse(java.util.Arrays.equals(x, y));
        int agree = 0;
        for (int i = 0; i < N; i++) {
            agree += x[i] == y[i] ? 1 : 0;
        }
        // independent masks at p = 0.5 agree on half the elements
        assertTrue(Tensors.withinBinomial(agree, N, 0.5, 5), agree + " of " + N + " agree");
    }

    @Test
    void normalDrawsAreStandardNormal() {
        Tensor z = SCALAR.zeros(Shape.of(N));
        SCALAR.dropout().normalNoise(z, new NoiseKey(9, 9, 9), 0f, 1f, 0);
        float[] v = z.toArray();
        double sum = 0;
        double squares = 0;
        int withinOne = 0;
        int beyondTwo = 0;
        for (float x : v) {
            sum += x;
            squares += (double) x * x;
            withinOne += Math.abs(x) < 1 ? 1 : 0;
            beyondTwo += Math.abs(x) > 2 ? 1 : 0;
        }
        assertEquals(0.0, sum / N, 5 / Math.sqrt(N));
        assertEquals(1.0, squares / N, 5 * Math.sqrt(2.0 / N));
        assertTrue(Tensors.withinBinomial(withinOne, N, 0.6826894921370859, 5), withinOne + " within 1 sigma");
        assertTrue(Tensors.withinBinomial(beyondTwo, N, 0.04550026389635842, 5), beyondTwo + " beyond 2 sigma");
    }
}
