package dev.nn.cli.model;

import dev.nn.api.NnException;
import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.norm.Normalizations;
import dev.nn.api.spi.Params;
import dev.nn.api.tensor.Shape;
import dev.nn.core.layer.Conv2d;
import dev.nn.core.layer.Flatten;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.MaxPool2d;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import dev.nn.regularize.Dropout;
import dev.nn.regularize.NoiseSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * A model described in a few characters.
 * <ul>
 *   <li>{@code mlp:256,128}: Flatten, then per hidden width Linear, normalization, ReLU, dropout; then a Linear
 *       classifier. {@code mlp} alone means {@code mlp:256,128}.</li>
 *   <li>{@code cnn:32,64}: per width a block Conv2d 3x3 (padding 1), normalization, ReLU, MaxPool 2x2; then Flatten,
 *       dropout, Linear to 128, ReLU, dropout, Linear classifier. {@code cnn} alone means {@code cnn:32,64}.</li>
 * </ul>
 *
 * @param kind {@code mlp} or {@code cnn}
 * @param widths hidden widths (mlp) or channels per block (cnn)
 */
public record ModelSpec(String kind, int[] widths) {
    /** Normalizations the spec can insert, by the command line's names. */
    public enum Norm {
        /** No normalization. */
        NONE,
        /** BatchNorm over channels (features). */
        BATCH,
        /** LayerNorm over each sample's features (for cnn, over C, H, W). */
        LAYER,
        /** GroupNorm with up to 8 groups (for mlp, over the features as channels). */
        GROUP;

        /**
         * @param name {@code batch}, {@code layer}, {@code group} or {@code none}
         * @return the constant
         */
        public static Norm parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new NnException("Unknown --norm '" + name + "'. Valid: batch, layer, group, none");
            }
        }
    }

    private static final int CLASSIFIER_WIDTH = 128;

    /**
     * @param text {@code mlp}, {@code mlp:W1,W2,...}, {@code cnn} or {@code cnn:C1,C2,...}
     * @return the spec
     */
    public static ModelSpec parse(String text) {
        String[] parts = text.strip().split(":", 2);
        String kind = parts[0].toLowerCase(Locale.ROOT);
        if (!kind.equals("mlp") && !kind.equals("cnn")) {
            throw new NnException("Unknown model '" + text + "'. Valid: mlp, mlp:W1,W2,... (hidden widths), cnn, "
                    + "cnn:C1,C2,... (channels per conv block); e.g. --model mlp:256,128");
        }
        if (parts.length == 1) {
            return new ModelSpec(kind, kind.equals("mlp") ? new int[] {256, 128} : new int[] {32, 64});
        }
        try {
            int[] widths = Arrays.stream(parts[1].split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
            if (widths.length == 0 || Arrays.stream(widths).anyMatch(w -> w < 1)) {
                throw new NumberFormatException("widths must be >= 1");
            }
            return new ModelSpec(kind, widths);
        } catch (NumberFormatException e) {
            throw new NnException("Bad widths in model '" + text + "': " + e.getMessage()
                    + ". Write positive integers separated by commas, e.g. " + kind + ":256,128");
        }
    }

    /**
     * @param backend where the parameters live
     * @param sampleShape one input sample, e.g. {@code (1, 28, 28)}
     * @param classes number of classes
     * @param norm normalization after each Linear/Conv
     * @param dropout drop probability (0 = no dropout layers)
     * @param random source of PyTorch-default initialization (re-initialized later if asked)
     * @param noise seed of the dropout masks
     * @return the model
     */
    public Sequential build(Backend backend, Shape sampleShape, int classes, Norm norm, double dropout,
                            RandomGenerator random, NoiseSource noise) {
        return kind.equals("mlp") ? mlp(backend, sampleShape, classes, norm, dropout, random, noise)
                : cnn(backend, sampleShape, classes, norm, dropout, random, noise);
    }

    private Sequential mlp(Backend b, Shape sample, int classes, Norm norm, double dropout, RandomGenerator random,
                           NoiseSource noise) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Flatten());
        int in = sample.size();
        for (int width : widths) {
            layers.add(new Linear(b, in, width, norm != Norm.BATCH, random));   // BN's shift replaces the bias
            normalization(b, norm, width, Shape.of(width), false).ifPresent(layers::add);
            layers.add(new ReLU());
            if (dropout > 0) {
                layers.add(new Dropout(dropout, noise));
            }
            in = width;
        }
        layers.add(new Linear(b, in, classes, random));
        return new Sequential(layers);
    }

    private Sequential cnn(Backend b, Shape sample, int classes, Norm norm, double dropout, RandomGenerator random,
                           NoiseSource noise) {
        if (sample.rank() != 3) {
            throw new NnException("--model cnn needs image samples (C, H, W), got samples of shape " + sample
                    + "; use --model mlp for tabular data");
        }
        List<Layer> layers = new ArrayList<>();
        int channels = sample.dim(0);
        int h = sample.dim(1);
        int w = sample.dim(2);
        for (int width : widths) {
            if (h < 2 || w < 2) {
                throw new NnException("Model " + this + " pools the " + sample + " images below 1x1 after "
                        + layers.size() / 4 + " blocks; use fewer conv blocks");
            }
            layers.add(new Conv2d(b, channels, width, 3, 1, 1, random));
            normalization(b, norm, width, Shape.of(width, h, w), true).ifPresent(layers::add);
            layers.add(new ReLU());
            layers.add(new MaxPool2d(2));
            channels = width;
            h /= 2;
            w /= 2;
        }
        layers.add(new Flatten());
        if (dropout > 0) {
            layers.add(new Dropout(dropout, noise));
        }
        layers.add(new Linear(b, channels * h * w, CLASSIFIER_WIDTH, random));
        layers.add(new ReLU());
        if (dropout > 0) {
            layers.add(new Dropout(dropout, noise));
        }
        layers.add(new Linear(b, CLASSIFIER_WIDTH, classes, random));
        return new Sequential(layers);
    }

    /** Normalization layers come from the {@code NormalizationProvider}s, found by name like any plugin. */
    private static java.util.Optional<Layer> normalization(Backend b, Norm norm, int channels, Shape perSample,
                                                           boolean spatial) {
        return java.util.Optional.ofNullable(switch (norm) {
            case NONE -> null;
            case BATCH -> Normalizations.create("batch_norm", b, Params.of("num_features", channels));
            case LAYER -> Normalizations.create("layer_norm", b,
                    Params.of("normalized_shape", spatial ? perSample.toArray() : new int[] {channels}));
            case GROUP -> Normalizations.create("group_norm", b,
                    Params.of("num_groups", groups(channels), "num_channels", channels));
        });
    }

    /** The largest divisor of {@code channels} that is at most 8. */
    static int groups(int channels) {
        for (int g = Math.min(8, channels); g > 1; g--) {
            if (channels % g == 0) {
                return g;
            }
        }
        return 1;
    }

    @Override
    public String toString() {
        return kind + ":" + String.join(",", Arrays.stream(widths).mapToObj(Integer::toString).toList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec s && kind.equals(s.kind) && Arrays.equals(widths, s.widths);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(widths);
    }
}
