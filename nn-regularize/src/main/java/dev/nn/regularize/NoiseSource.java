package dev.nn.regularize;

import dev.nn.api.backend.NoiseKey;
import dev.nn.api.layer.Counter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The seed of a model's dropout and noise layers. Each layer built with a source gets its own stream id, in
 * construction order, and draws from {@code NoiseKey(seed, stream, step)} at its training steps; the same seed and
 * the same model therefore give the same masks on every run, whatever the backend or its threads.
 */
public final class NoiseSource {
    /** The name under which a layer reports its stream's step counter ({@code Layer.ownNoiseSteps()}). */
    public static final String STEP = "noise_step";

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
        private final Counter step = new Counter();

        Stream(long seed, int id) {
            this.seed = seed;
            this.id = id;
        }

        /** @return the key of the next training step */
        NoiseKey nextKey() {
            return new NoiseKey(seed, id, Math.toIntExact(step.increment() - 1));
        }

        /** @return the number of keys handed out: where the stream resumes */
        Counter step() {
            return step;
        }

        int id() {
            return id;
        }
    }
}
