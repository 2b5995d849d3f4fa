package dev.nn.model;

import dev.nn.api.NnException;
import dev.nn.api.tensor.Shape;
import dev.nn.core.data.Standardizer;
import dev.nn.core.json.Json;
import dev.nn.core.json.JsonException;
import dev.nn.core.state.CheckpointException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model file says about its model, as {@code __metadata__} strings of the safetensors header (PyTorch and the
 * {@code safetensors} library read the file as usual and ignore them):
 * <ul>
 *   <li>{@code nn.format}: {@code 1}, the version of this layout;</li>
 *   <li>{@code nn.model}: the {@link ModelSpec} text, e.g. {@code mlp:256,128;norm=batch;dropout=0};</li>
 *   <li>{@code nn.input_shape}: one raw sample's shape, e.g. {@code 1,28,28};</li>
 *   <li>{@code nn.classes}: the class names by output index, a JSON array of strings;</li>
 *   <li>{@code nn.input_mean}, {@code nn.input_scale}: the fitted standardizer, one float32 per input value,
 *       little-endian, base64 (numpy: {@code np.frombuffer(base64.b64decode(s), "<f4")});</li>
 *   <li>{@code nn.version}, {@code nn.seed}: the nn version and the seed of the training run.</li>
 * </ul>
 * Reading is reading outside bytes: every entry is checked, and a bad one is a {@link CheckpointException} naming the
 * file, the entry, what was expected and what to do.
 */
final class ModelMetadata {
    static final String FORMAT = "nn.format";
    static final String MODEL = "nn.model";
    static final String INPUT_SHAPE = "nn.input_shape";
    static final String CLASSES = "nn.classes";
    static final String MEAN = "nn.input_mean";
    static final String SCALE = "nn.input_scale";
    static final String VERSION = "nn.version";
    static final String SEED = "nn.seed";
    private static final String CURRENT_FORMAT = "1";
    /** Longer than any recipe written by hand; a longer one is damage, and is not echoed whole in messages. */
    private static final int MAX_RECIPE = 1000;

    private ModelMetadata() {
    }

    /** {@return the entries describing {@code model}} */
    static Map<String, String> of(Model model) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(FORMAT, CURRENT_FORMAT);
        m.put(MODEL, model.spec().toString());
        m.put(INPUT_SHAPE, String.join(",", Arrays.stream(model.inputShape().toArray()).mapToObj(Integer::toString)
                .toList()));
        m.put(CLASSES, Json.write(model.classNames()));
        m.put(MEAN, floats(model.standardizer().mean()));
        m.put(SCALE, floats(model.standardizer().scale()));
        m.put(VERSION, Model.nnVersion());
        m.put(SEED, Long.toString(model.seed()));
        return m;
    }

    /**
     * What a model file describes, checked.
     *
     * @param spec the recipe
     * @param inputShape one raw sample's shape
     * @param classNames class names by output index
     * @param standardizer the fitted input standardizer
     * @param seed the training run's seed
     */
    record Description(ModelSpec spec, Shape inputShape, List<String> classNames, Standardizer standardizer,
                       long seed) {
    }

    /**
     * {@return the description}
     *
     * @param meta the file's {@code __metadata__}
     * @param file the file, for messages
     * @throws CheckpointException naming the missing or malformed entry
     */
    static Description read(Map<String, String> meta, String file) {
        if (!meta.containsKey(MODEL)) {
            throw new CheckpointException(file + " holds weights but no model description (no '" + MODEL + "' in "
                    + "its metadata): it was written by ModelState.save, an nn older than this one, or PyTorch. Build "
                    + "the model in code and load the weights with ModelState.load, or train again with nn train to "
                    + "get a self-describing model file");
        }
        String format = require(meta, FORMAT, file);
        if (!format.equals(CURRENT_FORMAT)) {
            throw new CheckpointException(file + " has model format '" + clip(format) + "', this nn reads format "
                    + CURRENT_FORMAT + "; load it with the nn version that wrote it (" + clip(meta.getOrDefault(VERSION,
                    "unknown")) + ")");
        }
        String recipe = require(meta, MODEL, file);
        if (recipe.length() > MAX_RECIPE) {
            throw bad(file, MODEL, recipe, "a model recipe of at most " + MAX_RECIPE + " characters, e.g. "
                    + "mlp:256,128;norm=batch;dropout=0");
        }
        ModelSpec spec;
        try {
            spec = ModelSpec.parse(recipe);
        } catch (NnException e) {
            throw new CheckpointException(file + ": its model recipe cannot be built here: " + e.getMessage(), e);
        }
        Shape shape = shape(require(meta, INPUT_SHAPE, file), file);
        List<String> classes = classes(require(meta, CLASSES, file), file);
        float[] mean = floats(require(meta, MEAN, file), MEAN, shape.size(), file);
        float[] scale = floats(require(meta, SCALE, file), SCALE, shape.size(), file);
        Standardizer standardizer;
        try {
            standardizer = Standardizer.of(mean, scale);
        } catch (NnException e) {
            throw new CheckpointException(file + ": " + e.getMessage() + "; the file is damaged or was edited, save "
                    + "the model again", e);
        }
        long seed;
        String seedText = require(meta, SEED, file);
        try {
            seed = Long.parseLong(seedText);
        } catch (NumberFormatException e) {
            throw bad(file, SEED, seedText, "a whole number");
        }
        return new Description(spec, shape, classes, standardizer, seed);
    }

    private static String require(Map<String, String> meta, String key, String file) {
        String v = meta.get(key);
        if (v == null) {
            throw new CheckpointException(file + " describes its model but lacks '" + key + "' in its metadata; the "
                    + "file is damaged or was edited: save the model again (Model.save or nn train)");
        }
        return v;
    }

    private static Shape shape(String text, String file) {
        try {
            int[] dims = Arrays.stream(text.split(",", -1)).map(String::strip).mapToInt(Integer::parseInt).toArray();
            if (Arrays.stream(dims).allMatch(d -> d >= 1) && Arrays.stream(dims).asLongStream()
                    .reduce(1, Math::multiplyExact) <= Integer.MAX_VALUE) {
                return Shape.of(dims);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below with the expected form
        }
        throw bad(file, INPUT_SHAPE, text, "dimensions >= 1 separated by commas, e.g. 1,28,28");
    }

    private static List<String> classes(String text, String file) {
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonException e) {
            throw bad(file, CLASSES, text, "a JSON array of class names, e.g. [\"cat\",\"dog\"]");
        }
        if (!(parsed instanceof List<?> list) || list.size() < 2
                || !list.stream().allMatch(c -> c instanceof String s && !s.isBlank())) {
            throw bad(file, CLASSES, text, "a JSON array of at least 2 non-blank class names, e.g. [\"cat\",\"dog\"]");
        }
        List<String> names = new ArrayList<>();
        list.forEach(c -> names.add((String) c));
        if (new HashSet<>(names).size() != names.size()) {
            throw bad(file, CLASSES, text, "distinct class names");
        }
        return List.copyOf(names);
    }

    /** {@code values} as little-endian float32 bytes in base64. */
    static String floats(float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return Base64.getEncoder().encodeToString(buf.array());
    }

    private static float[] floats(String text, String key, int count, String file) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw bad(file, key, text, "base64 of " + count + " little-endian float32 values");
        }
        if (bytes.length != count * Float.BYTES) {
            throw bad(file, key, text, count + " float32 values (one per input value of " + INPUT_SHAPE + "), "
                    + "found " + bytes.length + " bytes");
        }
        float[] out = new float[count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private static CheckpointException bad(String file, String key, String value, String expected) {
        return new CheckpointException(file + ": metadata '" + key + "' is '" + clip(value) + "', expected "
                + expected + "; the file is damaged or was edited: save the model again (Model.save or nn train)");
    }

    /** At most 60 characters of outside text in a message. */
    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "... (" + s.length() + " characters)";
    }
}
