package dev.nn.init;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Independent, reproducible random streams from one seed: each parameter gets its own stream, derived from the seed
 * and the parameter's name. The same seed gives the same weights on every run, and because a stream depends on the
 * name rather than on the order of draws, adding or reordering layers leaves the other parameters' values unchanged.
 */
public final class Seeds {
    private Seeds() {
    }

    /**
     * {@return a generator seeded from both (a {@link SplittableRandom}, itself splittable)}
     *
     * @param seed the run's seed
     * @param name the stream's name, e.g. a parameter's dotted name {@code 0.weight}
     */
    public static RandomGenerator.SplittableGenerator stream(long seed, String name) {
        return new SplittableRandom(mix(seed ^ mix(fnv1a(name))));
    }

    // 64-bit FNV-1a over the UTF-8 bytes: a stable hash, unlike String.hashCode's 32 bits
    private static long fnv1a(String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    // SplitMix64's finalizer: spreads every input bit over the output
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
