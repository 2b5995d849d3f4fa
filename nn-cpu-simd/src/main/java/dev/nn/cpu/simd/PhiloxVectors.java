package dev.nn.cpu.simd;

import dev.nn.api.backend.NoiseKey;
import dev.nn.api.backend.Philox4x32;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Philox4x32-10 on vectors, bit-identical to {@link Philox4x32#block} and so to {@link NoiseKey#block}: fills an
 * array with the words of consecutive blocks of a stream in draw order ({@code words[4 j + w]} = word {@code w} of
 * block {@code first + j}), which the dropout kernels then read from L1 chunk by chunk.
 *
 * <p>Layout: one counter word per long lane; four vectors {@code (x0, x1, x2, x3)} hold {@link #BLOCKS_PER_GROUP}
 * blocks, words 0 and 2 in the high halves of x0 and x2, words 1 and 3 in the low halves of x1 and x3. IntVector
 * has no high multiply, so a round's two 32 x 32 to 64-bit products are long multiplies of {@code x0 >>> 32} and
 * {@code x2 >>> 32}; the new word 0 is then {@code p2 ^ (x1 << 32) ^ (k0 << 32)} with no further shift (its high
 * half is {@code hi(p2) ^ c1 ^ k0}, a three-way {@code vpternlog}), and the new word 1 is {@code p2} itself (only its
 * low half is read). That is four operations per product and round. Measured on the 512-bit Zen 5 core this was
 * tuned on, per word: 0.25 ns with four independent groups per loop step, as here; with all words in low halves
 * and a mask before each multiply, 0.31 with four groups, 0.33 with three and 0.48 with one (the multiplies'
 * latency exposed); 0.43 with a block's words packed two per long lane (a shuffle or rotate per round more); 0.41
 * with two groups and the rounds unrolled by hand. C2 multiplies with {@code vpmullq} here (it moves the shift in front
 * of the multiply across the loop's phi, where it no longer sees a 32-bit operand, the condition for
 * {@code vpmuludq}); on this core that costs nothing: carrying the products through the loop instead keeps
 * {@code vpmuludq} but measured 0.30. Cores without AVX-512 emulate {@code vpmullq} and have 16 registers (with
 * {@code -XX:UseAVX=2}: 1.8 ns per word here, 1.0 with the hand-unrolled two groups). At the end,
 * {@code c0 | c1 << 32} and {@code c2 | c3 << 32} are interleaved lane by lane into draw order.
 */
final class PhiloxVectors {
    /** Longs of the backend's vector shape: one lane per block of a group. */
    static final VectorSpecies<Long> L = VectorSpecies.of(long.class, SimdSpecies.FLOAT.vectorShape());
    /** Blocks per group of four vectors. */
    static final int BLOCKS_PER_GROUP = L.length();
    /** Words one loop step writes (four groups): fills write whole steps. */
    static final int STEP_WORDS = 4 * 4 * BLOCKS_PER_GROUP;

    private static final long LOW32 = 0xFFFF_FFFFL;
    /** Interleaves two vectors' lanes: lane 2i from the first vector's lane i, lane 2i+1 from the second's. */
    private static final LongVector LOWER_HALVES = interleave(0);
    /** As {@link #LOWER_HALVES} for the upper halves of the lanes. */
    private static final LongVector UPPER_HALVES = interleave(BLOCKS_PER_GROUP / 2);

    private PhiloxVectors() {
    }

    private static LongVector interleave(int from) {
        int n = L.length();
        long[] index = new long[n];
        for (int i = 0; i < n; i++) {
            index[i] = (i & 1) == 0 ? from + i / 2 : n + from + i / 2;
        }
        return LongVector.fromArray(L, index, 0);
    }

    /**
     * @param words the words wanted
     * @return the length an array needs for {@link #fill} of that many words (whole loop steps)
     */
    static int capacity(int words) {
        return (words + STEP_WORDS - 1) / STEP_WORDS * STEP_WORDS;
    }

    /**
     * The words of {@code blocks} consecutive blocks of a stream, in whole loop steps: {@code words[4 j + w]} = word
     * {@code w} of block {@code first + j}, for {@code 4 * blocks} words and up to {@link #STEP_WORDS} - 1 more.
     *
     * @param words receives the words, {@code words.length >= capacity(4 * blocks)}
     * @param key the stream
     * @param first the first block
     * @param blocks how many blocks, >= 1
     */
    static void fill(int[] words, NoiseKey key, long first, int blocks) {
        LongVector m0 = LongVector.broadcast(L, Philox4x32.M0 & LOW32);
        LongVector m1 = LongVector.broadcast(L, Philox4x32.M1 & LOW32);
        LongVector lane = LongVector.zero(L).addIndex(1);
        LongVector stream = LongVector.broadcast(L, (long) key.stream() << 32);
        LongVector step = LongVector.broadcast(L, key.step() & LOW32);
        LongVector key0 = LongVector.broadcast(L, key.seed() << 32);
        LongVector key1 = LongVector.broadcast(L, key.seed() & ~LOW32);
        LongVector bump0 = LongVector.broadcast(L, (long) Philox4x32.W0 << 32);
        LongVector bump1 = LongVector.broadcast(L, (long) Philox4x32.W1 << 32);
        int g = BLOCKS_PER_GROUP;
        int groupWords = 4 * g;
        int halfGroup = 2 * g;
        for (int j = 0, n = 4 * blocks; j < n; j += STEP_WORDS) {
            // four groups of g blocks, a to d: words 0 and 2 of a block in the high halves of x0 and x2 (shifted
            // down into the multiplies), words 1 and 3 in the low halves of x1 and x3
            LongVector a1 = lane.add(first + (j >>> 2));
            LongVector a0 = a1.lanewise(VectorOperators.LSHL, 32);
            a1 = a1.lanewise(VectorOperators.LSHR, 32);
            LongVector a2 = stream;
            LongVector a3 = step;
            LongVector b1 = lane.add(first + (j >>> 2) + g);
            LongVector b0 = b1.lanewise(VectorOperators.LSHL, 32);
            b1 = b1.lanewise(VectorOperators.LSHR, 32);
            LongVector b2 = stream;
            LongVector b3 = step;
            LongVector c1 = lane.add(first + (j >>> 2) + 2 * g);
            LongVector c0 = c1.lanewise(VectorOperators.LSHL, 32);
            c1 = c1.lanewise(VectorOperators.LSHR, 32);
            LongVector c2 = stream;
            LongVector c3 = step;
            LongVector d1 = lane.add(first + (j >>> 2) + 3 * g);
            LongVector d0 = d1.lanewise(VectorOperators.LSHL, 32);
            d1 = d1.lanewise(VectorOperators.LSHR, 32);
            LongVector d2 = stream;
            LongVector d3 = step;
            LongVector k0 = key0;
            LongVector k1 = key1;
            for (int r = 0; r < Philox4x32.ROUNDS; r++) {
                // (c0, c1, c2, c3) -> (hi(M1 c2) ^ c1 ^ k0, lo(M1 c2), hi(M0 c0) ^ c3 ^ k1, lo(M0 c0))
                LongVector pa0 = a0.lanewise(VectorOperators.LSHR, 32).mul(m0);
                LongVector pa2 = a2.lanewise(VectorOperators.LSHR, 32).mul(m1);
                LongVector pb0 = b0.lanewise(VectorOperators.LSHR, 32).mul(m0);
                LongVector pb2 = b2.lanewise(VectorOperators.LSHR, 32).mul(m1);
                LongVector pc0 = c0.lanewise(VectorOperators.LSHR, 32).mul(m0);
                LongVector pc2 = c2.lanewise(VectorOperators.LSHR, 32).mul(m1);
                LongVector pd0 = d0.lanewise(VectorOperators.LSHR, 32).mul(m0);
                LongVector pd2 = d2.lanewise(VectorOperators.LSHR, 32).mul(m1);
                a0 = pa2.lanewise(VectorOperators.XOR, a1.lanewise(VectorOperators.LSHL, 32))
                        .lanewise(VectorOperators.XOR, k0);
                a2 = pa0.lanewise(VectorOperators.XOR, a3.lanewise(VectorOperators.LSHL, 32))
                        .lanewise(VectorOperators.XOR, k1);
                a1 = pa2;
                a3 = pa0;
                b0 = pb2.lanewise(VectorOperators.XOR, b1.lanewise(VectorOperators.LSHL, 32))
                        .lanewise(VectorOperators.XOR, k0);
                b2 = pb0.lanewise(VectorOperators.XOR, b3.lanewise(VectorOperators.LSHL, 32))
                        .lanewise(VectorOperators.XOR, k1);
                b1 = pb2;
                b3 = pb0;
                c0 = pc2.lanewise(VectorOperators.XOR, c1.lanewise(VectorOperators.LSHL, 32))
                        .lanewise(VectorOperators.XOR, k0);
                c2 = pc0.lanewise(VectorOperators.XOR, c3.lanewise(VectorOperators.LSHL, 32))
                        .lanewise(VectorOperators.XOR, k1);
                c1 = pc2;
                c3 = pc0;
                d0 = pd2.lanewise(VectorOperators.XOR, d1.lanewise(VectorOperators.LSHL, 32))
                        .lanewise(VectorOperators.XOR, k0);
                d2 = pd0.lanewise(VectorOperators.XOR, d3.lanewise(VectorOperators.LSHL, 32))
                        .lanewise(VectorOperators.XOR, k1);
                d1 = pd2;
                d3 = pd0;
                k0 = k0.add(bump0);         // the key schedule, in the high halves: invariant, hoisted by C2
                k1 = k1.add(bump1);
            }
            // draw order: (c0 | c1 << 32, c2 | c3 << 32) per block, the two vectors' lanes interleaved. Written out
            // for each group: a helper taking vectors is past C2's inlining budget here, and a call would box them.
            LongVector low = a0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.OR,
                    a1.lanewise(VectorOperators.LSHL, 32));
            LongVector high = a2.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.OR,
                    a3.lanewise(VectorOperators.LSHL, 32));
            LOWER_HALVES.selectFrom(low, high).reinterpretAsInts().intoArray(words, j);
            UPPER_HALVES.selectFrom(low, high).reinterpretAsInts().intoArray(words, j + halfGroup);
            low = b0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.OR,
                    b1.lanewise(VectorOperators.LSHL, 32));
            high = b2.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.OR,
                    b3.lanewise(VectorOperators.LSHL, 32));
            LOWER_HALVES.selectFrom(low, high).reinterpretAsInts().intoArray(words, j + groupWords);
            UPPER_HALVES.selectFrom(low, high).reinterpretAsInts().intoArray(words, j + groupWords + halfGroup);
            low = c0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.OR,
                    c1.lanewise(VectorOperators.LSHL, 32));
            high = c2.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.OR,
                    c3.lanewise(VectorOperators.LSHL, 32));
            LOWER_HALVES.selectFrom(low, high).reinterpretAsInts().intoArray(words, j + 2 * groupWords);
            UPPER_HALVES.selectFrom(low, high).reinterpretAsInts().intoArray(words, j + 2 * groupWords + halfGroup);
            low = d0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.OR,
                    d1.lanewise(VectorOperators.LSHL, 32));
            high = d2.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.OR,
                    d3.lanewise(VectorOperators.LSHL, 32));
            LOWER_HALVES.selectFrom(low, high).reinterpretAsInts().intoArray(words, j + 3 * groupWords);
            UPPER_HALVES.selectFrom(low, high).reinterpretAsInts().intoArray(words, j + 3 * groupWords + halfGroup);
        }
    }
}
