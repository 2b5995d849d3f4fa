package dev.nn.regularize;

import dev.nn.api.backend.NoiseKey;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The seed of a model's dropout and noise layers. Each layer built with a source gets its own stream id, in
 * construction order, and draws from {@code NoiseKey(seed, stream, step)} at its training steps; the same seed and
 * the same model therefore give the same masks on every run, whatever the backend or its threads.
 */
public final class NoiseSource {
    private final long seed;
    private final AtomicInteger nextStream = new AtomicInteger();

    private NoiseSource(long seed) {
        this.seed = seed;
    }

    /**
     * {@return a source}
     *
     * @param seed the Philox key of every stream of this source
     */
    public static NoiseSource of(long seed) {
        return new NoiseSource(seed);
    }

    /**
     * {@return a source}
     *
     * @param random the run's generator; one {@code nextLong()} is drawn from it as the seed
     */
    public static NoiseSource from(RandomGenerator random) {
        return new NoiseSource(random.nextLong());
    }

    /** {@return the seed} */
    public long seed() {
        return seed;
    }

    /** @return a new stream for one layer */
    Stream newStream() {
        return new Stream(seed, nextStream.getAndIncrement());
    }

    /** One layer's stream: a fresh key for each training step. */
    static final class Stream {
        private final long seed;
        private final int id;
        private int step;

        Stream(long seed, int id) {
            this.seed = seed;
            this.id = id;
        }

        /** @return the key of the next training step */
        NoiseKey nextKey() {
            return new NoiseKey(seed, id, step++);
        }

        int id() {
            return id;
        }
    }
}
