package dev.nn.api.backend;

/**
 * Names one stream of random draws: a layer's draws at one training step. Draw {@code d} of the stream is word
 * {@code d & 3} of the Philox4x32-10 block with key {@code (seed low, seed high)} and counter
 * {@code (block low, block high, stream, step)}, where {@code block = d >>> 2}. Every backend draws exactly these
 * bits, so a seed gives the same masks whatever the backend, thread count or chunking.
 *
 * @param seed the model's seed (the Philox key)
 * @param stream the layer's id, so two dropout layers of one model draw independent masks
 * @param step the layer's training step, so successive batches get fresh masks
 */
public record NoiseKey(long seed, int stream, int step) {
    /**
     * Draws one block of four 32-bit words.
     *
     * @param block block index ({@code draw >>> 2})
     * @param out receives the block's four words
     */
    public void block(long block, int[] out) {
        Philox4x32.block((int) block, (int) (block >>> 32), stream, step, (int) seed, (int) (seed >>> 32), out);
    }

    /**
     * One draw, computing its whole block; kernels that walk many draws compute each block once instead.
     *
     * @param draw the draw index
     * @return its 32 random bits
     */
    public int word(long draw) {
        int[] out = new int[4];
        block(draw >>> 2, out);
        return out[(int) (draw & 3)];
    }
}
