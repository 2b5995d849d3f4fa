package dev.nn.cli.experiment;

import dev.nn.api.tensor.Shape;
import dev.nn.cli.data.DataSource;
import dev.nn.core.data.DataLoader;
import dev.nn.core.data.Dataset;
import dev.nn.core.data.Standardizer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Small, disjoint subsets of the bundled Fashion-MNIST images (10,000 test-set images), as flat feature rows. The
 * scalar backend does about a GFLOP per second, so the experiments use a few hundred images and may pool them 2x2 to
 * 14x14 pixels (196 features), which keeps the classes recognizable.
 */
final class FashionData {
    private static Dataset bundled;

    private FashionData() {
    }

    /** @return the bundled images, read once per process */
    static synchronized Dataset bundled() {
        if (bundled == null) {
            bundled = DataSource.bundled().train();
        }
        return bundled;
    }

    /**
     * Draws disjoint subsets in one random order, and standardizes every one with the statistics of the first (the
     * training part), so nothing of the other parts leaks into it.
     *
     * @param seed the order of the draw
     * @param pooled whether to average 2x2 pixel blocks (28x28 to 14x14)
     * @param sizes the subsets' sizes; their sum must not exceed 10,000
     * @return the subsets, standardized, with samples of shape {@code (784)} or {@code (196)}
     */
    static Dataset[] split(long seed, boolean pooled, int... sizes) {
        Dataset[] parts = draw(seed, pooled, sizes);
        Standardizer standardizer = Standardizer.fit(parts[0]);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = standardizer.transform(parts[i]);
        }
        return parts;
    }

    /**
     * Draws disjoint subsets in one random order, pixel values in [0, 1] as read.
     *
     * @param seed the order of the draw
     * @param pooled whether to average 2x2 pixel blocks (28x28 to 14x14)
     * @param sizes the subsets' sizes; their sum must not exceed 10,000
     * @return the subsets, with samples of shape {@code (784)} or {@code (196)}
     */
    static Dataset[] draw(long seed, boolean pooled, int... sizes) {
        Dataset all = bundled();
        int total = Arrays.stream(sizes).sum();
        if (total > all.size() || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("Cannot draw subsets of " + Arrays.toString(sizes) + " images from "
                    + all.size() + "; each size must be >= 1 and their sum at most " + all.size());
        }
        int[] order = DataLoader.permutation(all.size(), new SplittableRandom(seed));
        Dataset[] parts = new Dataset[sizes.length];
        int from = 0;
        for (int i = 0; i < sizes.length; i++) {
            Dataset part = all.subset(Arrays.copyOfRange(order, from, from + sizes[i])).flatten();
            parts[i] = pooled ? pool(part) : part;
            from += sizes[i];
        }
        return parts;
    }

    /** @return the samples of {@code a} followed by those of {@code b} (same sample shape) */
    static Dataset concat(Dataset a, Dataset b) {
        if (!a.sampleShape().equals(b.sampleShape())) {
            throw new IllegalArgumentException("Cannot concatenate samples of shape " + a.sampleShape() + " and "
                    + b.sampleShape());
        }
        float[] features = new float[(a.size() + b.size()) * a.sampleSize()];
        System.arraycopy(a.features(), 0, features, 0, a.size() * a.sampleSize());
        System.arraycopy(b.features(), 0, features, a.size() * a.sampleSize(), b.size() * b.sampleSize());
        float[] labels = new float[a.size() + b.size()];
        System.arraycopy(a.labels(), 0, labels, 0, a.size());
        System.arraycopy(b.labels(), 0, labels, a.size(), b.size());
        return new Dataset(features, a.sampleShape(), labels, a.classNames());
    }

    /** Averages 2x2 blocks of flat 28x28 images. */
    static Dataset pool(Dataset images) {
        int side = (int) Math.round(Math.sqrt(images.sampleSize()));
        if (side * side != images.sampleSize() || side % 2 != 0) {
            throw new IllegalArgumentException("Pooling needs square images of even side, got " + images.sampleSize()
                    + " features per sample");
        }
        int half = side / 2;
        float[] in = images.features();
        float[] out = new float[images.size() * half * half];
        for (int n = 0; n < images.size(); n++) {
            int src = n * side * side;
            int dst = n * half * half;
            for (int r = 0; r < half; r++) {
                for (int c = 0; c < half; c++) {
                    int p = src + 2 * r * side + 2 * c;
                    out[dst + r * half + c] = (in[p] + in[p + 1] + in[p + side] + in[p + side + 1]) / 4;
                }
            }
        }
        return new Dataset(out, Shape.of(half * half), images.labels(), images.classNames());
    }
}
