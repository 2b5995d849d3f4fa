package dev.nn.model;

import dev.nn.api.NnException;
import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.norm.Normalizations;
import dev.nn.api.spi.NormalizationProvider;
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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * A model recipe written in one line of text. The grammar:
 * <pre>
 * spec    = kind [":" widths] *(";" option)
 * kind    = "mlp" / "cnn"
 * widths  = positive-int *("," positive-int)
 * option  = "norm=" name / "dropout=" probability
 * </pre>
 * <ul>
 *   <li>{@code mlp:256,128}: Flatten, then per hidden width Linear, normalization, ReLU, dropout; then a Linear
 *       classifier. {@code mlp} alone means {@code mlp:256,128}.</li>
 *   <li>{@code cnn:32,64}: per width a block Conv2d 3x3 (padding 1), normalization, ReLU, MaxPool 2x2; then Flatten,
 *       dropout, Linear to 128, ReLU, dropout, Linear classifier. {@code cnn} alone means {@code cnn:32,64}.</li>
 *   <li>{@code norm=} names any installed normalization (found through {@link Normalizations}, so a plugin's
 *       works too): {@code batch}, {@code layer}, {@code group}, {@code instance}, {@code rms} are short for
 *       {@code batch_norm} and so on; {@code none} inserts no normalization. Default {@code batch}.</li>
 *   <li>{@code dropout=} is the drop probability in [0, 1); 0 (the default) inserts no dropout layers.</li>
 * </ul>
 * The input shape and the number of classes come from the data ({@link #build}). {@link #toString()} writes every
 * option, e.g. {@code mlp:256,128;norm=batch;dropout=0.3}, and {@code parse(spec.toString())} equals {@code spec}.
 *
 * @param kind {@code mlp} or {@code cnn}
 * @param widths hidden widths (mlp) or channels per block (cnn)
 * @param norm the normalization's short name ({@code batch} for {@code batch_norm}), a provider's name, or
 *             {@code none}
 * @param dropout drop probability after each hidden layer
 */
public record ModelSpec(String kind, int[] widths, String norm, double dropout) {
    /** No normalization layers. */
    public static final String NO_NORM = "none";
    /** Short names of nn's own normalizations, as the command line writes them. */
    private static final Map<String, String> SHORT = Map.of("batch", "batch_norm", "layer", "layer_norm",
            "group", "group_norm", "instance", "instance_norm", "rms", "rms_norm");
    private static final int CLASSIFIER_WIDTH = 128;

    /**
     * Checks the recipe and writes its normalization by its short name.
     *
     * @param kind {@code mlp} or {@code cnn}
     * @param widths hidden widths (mlp) or channels per block (cnn), each >= 1
     * @param norm an installed normalization's name or short name, or {@code none}
     * @param dropout drop probability in [0, 1)
     * @throws NnException naming what is wrong and what is valid
     */
    public ModelSpec {
        kind = kind.strip().toLowerCase(Locale.ROOT);
        if (!kind.equals("mlp") && !kind.equals("cnn")) {
            throw new NnException("Unknown model kind '" + kind + "'. Valid: mlp, cnn");
        }
        widths = widths.clone();
        if (widths.length == 0 || Arrays.stream(widths).anyMatch(w -> w < 1)) {
            throw new NnException("Model widths must be one or more integers >= 1, got " + Arrays.toString(widths));
        }
        norm = shortName(Objects.requireNonNull(norm, "norm"));
        if (!(dropout >= 0 && dropout < 1)) {
            throw new NnException("Model dropout must be in [0, 1), got " + dropout);
        }
        dropout += 0.0;   // -0.0 becomes 0.0, which the text form writes as 0
    }

    /**
     * {@return the recipe}
     *
     * @param text as in the class documentation, e.g. {@code mlp}, {@code cnn:16,32;norm=group;dropout=0.25}
     * @throws NnException naming the bad part and the valid forms
     */
    public static ModelSpec parse(String text) {
        String[] options = text.strip().split(";", -1);
        String[] parts = options[0].strip().split(":", 2);
        String kind = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!kind.equals("mlp") && !kind.equals("cnn")) {
            throw new NnException("Unknown model '" + text + "'. Valid: mlp, mlp:W1,W2,... (hidden widths), cnn, "
                    + "cnn:C1,C2,... (channels per conv block), each optionally followed by ;norm=NAME and "
                    + ";dropout=P; e.g. --model mlp:256,128");
        }
        int[] widths = parts.length == 1 ? (kind.equals("mlp") ? new int[] {256, 128} : new int[] {32, 64})
                : widths(parts[1], kind, text);
        String norm = "batch";
        Double dropout = null;
        boolean normSet = false;
        for (int i = 1; i < options.length; i++) {
            String[] kv = options[i].split("=", 2);
            String key = kv[0].strip().toLowerCase(Locale.ROOT);
            if (kv.length != 2 || !(key.equals("norm") || key.equals("dropout"))) {
                throw new NnException("Bad option '" + options[i].strip() + "' in model '" + text + "'. Valid: "
                        + "norm=NAME and dropout=P, e.g. " + kind + ":64;norm=layer;dropout=0.2");
            }
            if (key.equals("norm") ? normSet : dropout != null) {
                throw new NnException("Model '" + text + "' sets " + key + " twice; give it once");
            }
            if (key.equals("norm")) {
                norm = kv[1].strip();
                normSet = true;
            } else {
                dropout = probability(kv[1].strip(), text);
            }
        }
        return new ModelSpec(kind, widths, norm, dropout == null ? 0 : dropout);
    }

    private static int[] widths(String list, String kind, String text) {
        try {
            int[] widths = Arrays.stream(list.split(",", -1)).map(String::strip).mapToInt(Integer::parseInt).toArray();
            if (Arrays.stream(widths).anyMatch(w -> w < 1)) {
                throw new NumberFormatException("widths must be >= 1");
            }
            return widths;
        } catch (NumberFormatException e) {
            throw new NnException("Bad widths in model '" + text + "': " + e.getMessage()
                    + ". Write positive integers separated by commas, e.g. " + kind + ":256,128");
        }
    }

    private static double probability(String value, String text) {
        try {
            double p = Double.parseDouble(value);
            if (p >= 0 && p < 1) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below with the rule
        }
        throw new NnException("Bad dropout '" + value + "' in model '" + text + "': write a probability in [0, 1), "
                + "e.g. dropout=0.3");
    }

    /**
     * {@return the name written for a normalization: its short name when it has one}
     *
     * @throws NnException listing the installed normalizations when none has that name
     */
    private static String shortName(String norm) {
        String name = norm.strip().toLowerCase(Locale.ROOT);
        if (name.equals(NO_NORM)) {
            return name;
        }
        for (var e : SHORT.entrySet()) {
            if (e.getValue().equals(name)) {
                return e.getKey();
            }
        }
        String full = SHORT.getOrDefault(name, name);
        if (!Normalizations.names().contains(full)) {
            List<String> valid = new ArrayList<>(Normalizations.names());
            valid.add(NO_NORM);
            throw new NnException("Unknown normalization '" + norm + "'. Installed: " + String.join(", ", valid)
                    + " (batch, layer, group, instance and rms are short for batch_norm, ...); a plugin's "
                    + "normalization needs its module on the module path");
        }
        return name;
    }

    /**
     * {@return this recipe with another normalization}
     *
     * @param name an installed normalization's name or short name, or {@code none}
     */
    public ModelSpec withNorm(String name) {
        return new ModelSpec(kind, widths, name, dropout);
    }

    /**
     * {@return this recipe with another dropout probability}
     *
     * @param probability in [0, 1); 0 inserts no dropout layers
     */
    public ModelSpec withDropout(double probability) {
        return new ModelSpec(kind, widths, norm, probability);
    }

    /** {@return a copy of the widths} */
    @Override
    public int[] widths() {
        return widths.clone();
    }

    /**
     * {@return the model, with PyTorch's default initialization drawn from {@code random}}
     *
     * @param backend where the parameters live
     * @param sampleShape one input sample, e.g. {@code (1, 28, 28)} for images or {@code (4)} for a feature row
     * @param classes number of classes (outputs)
     * @param random source of the initial parameters (re-initialize them later if wanted)
     * @param noise seed of the dropout masks
     * @throws NnException when the recipe does not fit the samples (a cnn needs images, pooling must not shrink
     *                     them below 1x1) or the normalization cannot be sized by a recipe
     */
    public Sequential build(Backend backend, Shape sampleShape, int classes, RandomGenerator random,
                            NoiseSource noise) {
        return kind.equals("mlp") ? mlp(backend, sampleShape, classes, random, noise)
                : cnn(backend, sampleShape, classes, random, noise);
    }

    private Sequential mlp(Backend b, Shape sample, int classes, RandomGenerator random, NoiseSource noise) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Flatten());
        int in = sample.size();
        for (int width : widths) {
            layers.add(new Linear(b, in, width, !norm.equals("batch"), random));   // BN's shift replaces the bias
            normalization(b, width, Shape.of(width), false).ifPresent(layers::add);
            layers.add(new ReLU());
            if (dropout > 0) {
                layers.add(new Dropout(dropout, noise));
            }
            in = width;
        }
        layers.add(new Linear(b, in, classes, random));
        return new Sequential(layers);
    }

    private Sequential cnn(Backend b, Shape sample, int classes, RandomGenerator random, NoiseSource noise) {
        if (sample.rank() != 3) {
            throw new NnException("--model cnn needs image samples (C, H, W), got samples of shape " + sample
                    + "; use --model mlp for tabular data");
        }
        List<Layer> layers = new ArrayList<>();
        int channels = sample.dim(0);
        int h = sample.dim(1);
        int w = sample.dim(2);
        int blocks = 0;
        for (int width : widths) {
            if (h < 2 || w < 2) {
                throw new NnException("Model " + this + " pools the " + sample + " images below 1x1 after "
                        + blocks + " blocks; use fewer conv blocks");
            }
            layers.add(new Conv2d(b, channels, width, 3, 1, 1, random));
            normalization(b, width, Shape.of(width, h, w), true).ifPresent(layers::add);
            layers.add(new ReLU());
            layers.add(new MaxPool2d(2));
            channels = width;
            h /= 2;
            w /= 2;
            blocks++;
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

    /**
     * The normalization after a Linear/Conv of {@code channels} outputs, sized by the parameters its provider takes:
     * {@code num_features} (batch, instance, a plugin's BN-like layer), {@code normalized_shape} (layer, rms; over
     * C, H, W for images) or {@code num_groups} + {@code num_channels} (group, up to 8 groups).
     */
    private Optional<Layer> normalization(Backend b, int channels, Shape perSample, boolean spatial) {
        if (norm.equals(NO_NORM)) {
            return Optional.empty();
        }
        String name = SHORT.getOrDefault(norm, norm);
        NormalizationProvider provider = Normalizations.registry().find(name);
        Set<String> takes = provider.parameterNames();
        Params params;
        if (takes.contains("num_groups") && takes.contains("num_channels")) {
            params = Params.of("num_groups", groups(channels), "num_channels", channels);
        } else if (takes.contains("normalized_shape")) {
            params = Params.of("normalized_shape", spatial ? perSample.toArray() : new int[] {channels});
        } else if (takes.contains("num_features")) {
            params = Params.of("num_features", channels);
        } else {
            throw new NnException("Normalization '" + name + "' takes " + new TreeSet<>(takes) + "; a model "
                    + "recipe can size only normalizations taking num_features, normalized_shape, or num_groups and "
                    + "num_channels. Build the model in code with Normalizations.create to set its parameters");
        }
        return Optional.of(provider.create(b, params));
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

    /** {@return the recipe with every option, e.g. {@code mlp:256,128;norm=batch;dropout=0.3}} */
    @Override
    public String toString() {
        return kind + ":" + String.join(",", Arrays.stream(widths).mapToObj(Integer::toString).toList())
                + ";norm=" + norm + ";dropout=" + (dropout == 0 ? "0" : Double.toString(dropout));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec s && kind.equals(s.kind) && Arrays.equals(widths, s.widths)
                && norm.equals(s.norm) && Double.compare(dropout, s.dropout) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(widths), norm, dropout);
    }
}
