package dev.nn.cpu.simd;

import dev.nn.api.backend.DropoutKernels;
import dev.nn.api.backend.NoiseKey;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dropout masks and Gaussian noise drawn from {@link NoiseKey} streams with {@link DropoutKernels}'s rules, on one
 * range of elements (one task). Element {@code i} uses draw {@code (first + i) / group}. A task works in chunks of
 * {@link #CHUNK} elements: {@link PhiloxVectors} writes the chunk's words into the thread's workspace (L1) and the
 * same pass applies them to the data, so no mask ever reaches memory and backward regenerates it from the key.
 * Groups below {@link #SMALL_GROUP} elements first repeat each draw's word for its elements and then take the
 * element-wise vector loops; larger groups (channel dropout's planes) scale each group by one broadcast factor, in
 * chunks of {@link #CHUNK} draws. Every output element depends only on its draw and its inputs, so results do not
 * depend on how the elements are split into tasks.
 *
 * <p>Masks multiply ({@code x * m}, never a select), with the scalar twin's float operations in its order, so
 * outputs are bit-identical to {@code ScalarDropoutKernels}; Gaussian noise uses the vector LOG, SIN and COS (within
 * an ulp of {@link Math}'s), so it agrees with the twin to a float ulp or so.
 */
final class Dropout {
    static final VectorSpecies<Float> F = SimdSpecies.FLOAT;
    static final VectorSpecies<Float> FH = SimdSpecies.FLOAT_HALF;
    static final VectorSpecies<Double> D = SimdSpecies.DOUBLE;
    static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    static final VectorSpecies<Long> L = PhiloxVectors.L;

    /** y = x * m. */
    static final int MULTIPLY = 0;
    /** dx += dy * m. */
    static final int ACCUMULATE = 1;
    /** y = x * m + b (alpha dropout). */
    static final int AFFINE = 2;
    /** mask = kept ? 1 : 0. */
    static final int MASK = 3;

    /**
     * Draws generated at a time. Small, so that generating (pure arithmetic) and applying (memory traffic) alternate
     * finely enough for the core to overlap them: 16M elements took 0.5 ns each with 1024, 0.4 with 256.
     */
    static final int CHUNK = 256;
    /** Groups below this go through one word per element, so the group-1 vector loops apply them. */
    static final int SMALL_GROUP = 32;
    /** Words a chunk's fill may write: a chunk not starting at a block boundary spans one block more. */
    static final int WORDS = PhiloxVectors.capacity(CHUNK + 4);

    private static final long LOW32 = 0xFFFF_FFFFL;
    private static final double TWO_PI = 2.0 * Math.PI;

    private Dropout() {
    }

    /**
     * Masks elements {@code [from, to)}: with {@code m = kept ? keep : 0} and {@code b = kept ? biasKeep :
     * biasDrop}, {@code out = in * m} ({@link #MULTIPLY}), {@code out += in * m} ({@link #ACCUMULATE}),
     * {@code out = in * m + b} ({@link #AFFINE}) or {@code out = kept ? 1 : 0} ({@link #MASK}, in unused).
     *
     * @param mode {@link #MULTIPLY}, {@link #ACCUMULATE}, {@link #AFFINE} or {@link #MASK}
     * @param out output, indexed like the elements
     * @param in input (null for MASK)
     * @param from first element of the task
     * @param to end of the task's elements
     * @param key the stream
     * @param first the draw offset: element i uses draw {@code (first + i) / group}
     * @param group elements per draw, >= 1
     * @param threshold {@link DropoutKernels#dropThreshold(double)}
     * @param keep the factor of kept elements
     * @param biasKeep b of kept elements (AFFINE)
     * @param biasDrop b of dropped elements (AFFINE)
     */
    static void mask(int mode, float[] out, float[] in, int from, int to, NoiseKey key, long first, int group,
                     int threshold, float keep, float biasKeep, float biasDrop) {
        int[] words = Workspace.get().words(WORDS + CHUNK);
        if (group < SMALL_GROUP) {
            for (int i0 = from; i0 < to; i0 += CHUNK) {
                int n = Math.min(to - i0, CHUNK);
                long draw = (first + i0) / group;
                int o = (int) (draw & 3);
                int draws = (int) ((first + i0 + n - 1) / group - draw) + 1;
                PhiloxVectors.fill(words, key, draw >>> 2, (o + draws + 3) >>> 2);
                if (group > 1) {            // one word per element, after the draws: then as if group were 1
                    expand(words, o, WORDS, n, group, (int) ((first + i0) % group));
                    o = WORDS;
                }
                switch (mode) {
                    case MULTIPLY -> multiply(out, in, i0, n, words, o, threshold, keep);
                    case ACCUMULATE -> accumulate(out, in, i0, n, words, o, threshold, keep);
                    case AFFINE -> affine(out, in, i0, n, words, o, threshold, keep, biasKeep, biasDrop);
                    default -> keepMask(out, i0, n, words, o, threshold);
                }
            }
            return;
        }
        long lastDraw = (first + to - 1) / group;
        for (long d0 = (first + from) / group; d0 <= lastDraw; d0 += CHUNK) {
            int n = (int) Math.min(lastDraw + 1 - d0, CHUNK);
            int o = (int) (d0 & 3);
            PhiloxVectors.fill(words, key, d0 >>> 2, (o + n + 3) >>> 2);
            for (int k = 0; k < n; k++) {
                long d = d0 + k;
                boolean kept = DropoutKernels.kept(words[o + k], threshold);
                int lo = (int) Math.max(from, d * group - first);
                int hi = (int) Math.min(to, (d + 1) * group - first);
                switch (mode) {
                    case MULTIPLY -> scale(out, in, lo, hi, kept ? keep : 0f);
                    case ACCUMULATE -> scaleAdd(out, in, lo, hi, kept ? keep : 0f);
                    case AFFINE -> scaleShift(out, in, lo, hi, kept ? keep : 0f, kept ? biasKeep : biasDrop);
                    default -> fill(out, lo, hi, kept ? 1f : 0f);
                }
            }
        }
    }

    /** @return which of the F.length() words at {@code words[at..]} keep their elements */
    private static VectorMask<Float> kept(int[] words, int at, int threshold) {
        return IntVector.fromArray(I, words, at).lanewise(VectorOperators.LSHR, 8)
                .compare(VectorOperators.GE, threshold).cast(F);
    }

    /**
     * Repeats each draw's word for its elements: {@code words[at + i]} = the word of element i of a chunk whose
     * first element is element {@code phase} of its group, the draws' words starting at {@code words[o]}.
     */
    private static void expand(int[] words, int o, int at, int n, int group, int phase) {
        int k = 0;
        for (int d = o, r = phase; k < n; d++, r = 0) {
            int w = words[d];
            for (int end = Math.min(n, k + group - r); k < end; k++) {
                words[at + k] = w;
            }
        }
    }

    // ---- one draw per element: element from + i uses words[o + i] ----------------------------------------------

    private static void multiply(float[] y, float[] x, int from, int n, int[] words, int o, int threshold,
                                 float keep) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector k = FloatVector.broadcast(F, keep);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector m = zero.blend(k, kept(words, o + i, threshold));
            FloatVector.fromArray(F, x, from + i).mul(m).intoArray(y, from + i);
        }
        for (; i < n; i++) {
            y[from + i] = x[from + i] * (DropoutKernels.kept(words[o + i], threshold) ? keep : 0f);
        }
    }

    private static void accumulate(float[] dx, float[] dy, int from, int n, int[] words, int o, int threshold,
                                   float keep) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector k = FloatVector.broadcast(F, keep);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector m = zero.blend(k, kept(words, o + i, threshold));
            FloatVector d = FloatVector.fromArray(F, dx, from + i);
            d.add(FloatVector.fromArray(F, dy, from + i).mul(m)).intoArray(dx, from + i);
        }
        for (; i < n; i++) {
            dx[from + i] += dy[from + i] * (DropoutKernels.kept(words[o + i], threshold) ? keep : 0f);
        }
    }

    private static void affine(float[] y, float[] x, int from, int n, int[] words, int o, int threshold, float keep,
                               float biasKeep, float biasDrop) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector k = FloatVector.broadcast(F, keep);
        FloatVector drop = FloatVector.broadcast(F, biasDrop);
        FloatVector bk = FloatVector.broadcast(F, biasKeep);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            VectorMask<Float> kept = kept(words, o + i, threshold);
            FloatVector v = FloatVector.fromArray(F, x, from + i).mul(zero.blend(k, kept));
            v.add(drop.blend(bk, kept)).intoArray(y, from + i);         // no fma: the twin rounds twice
        }
        for (; i < n; i++) {
            boolean kept = DropoutKernels.kept(words[o + i], threshold);
            y[from + i] = x[from + i] * (kept ? keep : 0f) + (kept ? biasKeep : biasDrop);
        }
    }

    private static void keepMask(float[] mask, int from, int n, int[] words, int o, int threshold) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            zero.blend(one, kept(words, o + i, threshold)).intoArray(mask, from + i);
        }
        for (; i < n; i++) {
            mask[from + i] = DropoutKernels.kept(words[o + i], threshold) ? 1f : 0f;
        }
    }

    // ---- one draw per group: the whole range [lo, hi) shares one factor ----------------------------------------

    private static void scale(float[] y, float[] x, int lo, int hi, float m) {
        FloatVector vm = FloatVector.broadcast(F, m);
        int i = lo;
        for (int bound = lo + F.loopBound(hi - lo); i < bound; i += F.length()) {
            FloatVector.fromArray(F, x, i).mul(vm).intoArray(y, i);
        }
        for (; i < hi; i++) {
            y[i] = x[i] * m;
        }
    }

    private static void scaleAdd(float[] dx, float[] dy, int lo, int hi, float m) {
        FloatVector vm = FloatVector.broadcast(F, m);
        int i = lo;
        for (int bound = lo + F.loopBound(hi - lo); i < bound; i += F.length()) {
            FloatVector.fromArray(F, dx, i).add(FloatVector.fromArray(F, dy, i).mul(vm)).intoArray(dx, i);
        }
        for (; i < hi; i++) {
            dx[i] += dy[i] * m;
        }
    }

    private static void scaleShift(float[] y, float[] x, int lo, int hi, float m, float b) {
        FloatVector vm = FloatVector.broadcast(F, m);
        FloatVector vb = FloatVector.broadcast(F, b);
        int i = lo;
        for (int bound = lo + F.loopBound(hi - lo); i < bound; i += F.length()) {
            FloatVector.fromArray(F, x, i).mul(vm).add(vb).intoArray(y, i);
        }
        for (; i < hi; i++) {
            y[i] = x[i] * m + b;
        }
    }

    private static void fill(float[] out, int lo, int hi, float v) {
        FloatVector vv = FloatVector.broadcast(F, v);
        int i = lo;
        for (int bound = lo + F.loopBound(hi - lo); i < bound; i += F.length()) {
            vv.intoArray(out, i);
        }
        for (; i < hi; i++) {
            out[i] = v;
        }
    }

    // ---- Gaussian noise ---------------------------------------------------------------------------------------

    /**
     * {@code out[i] = mean + stddev * (float) z(first + i)} for i in {@code [from, to)}: Box-Muller on each pair of
     * words (0, 1) and (2, 3) of a block, as {@link DropoutKernels#normalPair} computes it, both draws of a pair
     * from one logarithm and square root.
     */
    static void normal(float[] out, int from, int to, NoiseKey key, long first, float mean, float stddev) {
        Workspace ws = Workspace.get();
        int[] words = ws.words(WORDS);
        float[] z = ws.noise(WORDS);
        for (int i0 = from; i0 < to; i0 += CHUNK) {
            int n = Math.min(to - i0, CHUNK);
            long draw = first + i0;
            int o = (int) (draw & 3);
            int blocks = (o + n + 3) >>> 2;
            PhiloxVectors.fill(words, key, draw >>> 2, blocks);
            for (int k = 0, count = 4 * blocks; k < count; k += F.length()) {    // whole vectors: fill wrote them
                gaussian(z, words, k, mean, stddev);
            }
            int i = 0;
            for (int bound = F.loopBound(n); i < bound; i += F.length()) {
                FloatVector.fromArray(F, z, o + i).intoArray(out, i0 + i);
            }
            for (; i < n; i++) {
                out[i0 + i] = z[o + i];
            }
        }
    }

    /** z[k..] = mean + stddev * normal draws of the F.length() words at words[k..] (whole blocks). */
    private static void gaussian(float[] z, int[] words, int k, float mean, float stddev) {
        LongVector pairs = IntVector.fromArray(I, words, k).reinterpretAsLongs();     // w(2p) | w(2p+1) << 32
        DoubleVector u1 = uniform(pairs.and(LOW32));
        DoubleVector u2 = uniform(pairs.lanewise(VectorOperators.LSHR, 32));
        DoubleVector r = u1.lanewise(VectorOperators.LOG).mul(-2.0).lanewise(VectorOperators.SQRT);
        DoubleVector angle = u2.mul(TWO_PI);
        LongVector even = bits(r.mul(angle.lanewise(VectorOperators.COS)));
        LongVector odd = bits(r.mul(angle.lanewise(VectorOperators.SIN)));
        FloatVector both = even.and(LOW32).lanewise(VectorOperators.OR, odd.lanewise(VectorOperators.LSHL, 32))
                .reinterpretAsFloats();                                                 // (z0, z1) pairs in draw order
        both.mul(stddev).add(mean).intoArray(z, k);
    }

    /** @return {@code (x + 0.5) / 2^32} for x in [0, 2^32), exactly: 2^52 + x by its bits, less 2^52 - 0.5 */
    private static DoubleVector uniform(LongVector x) {
        return x.lanewise(VectorOperators.OR, 0x4330_0000_0000_0000L).reinterpretAsDoubles()
                .sub(0x1p52 - 0.5).mul(0x1p-32);
    }

    /** @return each double rounded to float, its bits in the low half of a long lane */
    private static LongVector bits(DoubleVector v) {
        return (LongVector) v.convertShape(VectorOperators.D2F, FH, 0).reinterpretAsInts()
                .convertShape(VectorOperators.I2L, L, 0);
    }
}
