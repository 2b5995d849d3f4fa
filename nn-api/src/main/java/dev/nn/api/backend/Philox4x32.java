package dev.nn.api.backend;

/**
 * The Philox4x32-10 counter-based generator (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy as
 * 1, 2, 3", SC 2011), bit-identical to Random123's {@code philox4x32_10}. A 128-bit counter and a 64-bit key map
 * to 128 random bits with no state in between, so element {@code i} of a mask can be drawn by any thread, in any
 * chunk, on any device (cuRAND and PyTorch's CUDA generator use the same function), and the result depends only
 * on the key and the element's index.
 */
public final class Philox4x32 {
    /** Multiplier of counter word 0. */
    public static final int M0 = 0xD2511F53;
    /** Multiplier of counter word 2. */
    public static final int M1 = 0xCD9E8D57;
    /** Weyl increment of key word 0 (golden ratio). */
    public static final int W0 = 0x9E3779B9;
    /** Weyl increment of key word 1 (sqrt(3) - 1). */
    public static final int W1 = 0xBB67AE85;
    /** Rounds; 10 is the variant with Crush-resistance margin that Random123 recommends. */
    public static final int ROUNDS = 10;

    private static final long LOW32 = 0xFFFF_FFFFL;

    private Philox4x32() {
    }

    /**
     * One block: {@code out = philox4x32_10((c0, c1, c2, c3), (k0, k1))}.
     *
     * @param c0 counter word 0
     * @param c1 counter word 1
     * @param c2 counter word 2
     * @param c3 counter word 3
     * @param k0 key word 0
     * @param k1 key word 1
     * @param out receives the four output words in {@code out[0..3]}
     */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int r = 0; r < ROUNDS; r++) {
            if (r > 0) {            // the key is bumped before every round but the first
                k0 += W0;
                k1 += W1;
            }
            long p0 = (M0 & LOW32) * (c0 & LOW32);
            long p1 = (M1 & LOW32) * (c2 & LOW32);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            int n3 = (int) p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }
}
