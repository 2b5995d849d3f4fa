package dev.nn.conformance;

import dev.nn.core.json.Json;
import dev.nn.core.json.JsonException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One golden file (format: the golden README): {@code op}, {@code case_id}, {@code params}, {@code inputs},
 * {@code outputs}, {@code tolerance} and {@code tolerance_overrides} for tensor cases, free-form fields for fact
 * files. Accessors fail with {@link GoldenFormatException} naming the file and the field.
 */
public final class GoldenFile {
    private final String fileName;
    private final Map<String, Object> root;

    /**
     * A golden case from its parsed JSON.
     *
     * @param fileName for messages
     * @param root the parsed document
     */
    public GoldenFile(String fileName, Map<String, Object> root) {
        this.fileName = fileName;
        this.root = root;
    }

    /**
     * {@return the parsed file}
     *
     * @param path a golden JSON file
     * @throws GoldenFormatException when unreadable, not JSON or not an object
     */
    public static GoldenFile read(Path path) {
        String name = path.getFileName().toString();
        try {
            Object doc = Json.parse(Files.readString(path, StandardCharsets.UTF_8));
            if (!(doc instanceof Map<?, ?> map)) {
                throw new GoldenFormatException(name + ": the document must be a JSON object");
            }
            return new GoldenFile(name, Fields.asObject(map, name));
        } catch (IOException e) {
            throw new GoldenFormatException(name + ": cannot read (" + e + ")");
        } catch (JsonException e) {
            throw new GoldenFormatException(name + ": " + e.getMessage());
        }
    }

    /** {@return the file name} */
    public String fileName() {
        return fileName;
    }

    /** {@return the op the file exercises, e.g. {@code batch_norm_train}} */
    public String op() {
        return Fields.string(root, "op", where("op"));
    }

    /** {@return the case id, or the file name without {@code .json} when absent} */
    public String caseId() {
        return root.get("case_id") instanceof String s ? s : fileName.replaceFirst("\\.json$", "");
    }

    /** {@return the whole document, for fact files} */
    public Map<String, Object> root() {
        return root;
    }

    /** {@return {@code params}, empty when absent} */
    public Map<String, Object> params() {
        return root.containsKey("params") ? Fields.object(root, "params", where("params")) : Map.of();
    }

    /**
     * {@return whether present}
     *
     * @param name a key of {@code params}
     */
    public boolean hasParam(String name) {
        return params().containsKey(name);
    }

    /**
     * {@return its value}
     *
     * @param name a numeric param
     */
    public double paramDouble(String name) {
        return Fields.number(params(), name, where("params." + name));
    }

    /**
     * {@return its value or null}
     *
     * @param name a numeric param that may be null
     */
    public Double paramNullableDouble(String name) {
        return params().get(name) == null ? null : paramDouble(name);
    }

    /**
     * {@return its value}
     *
     * @param name an integer param
     */
    public int paramInt(String name) {
        return Fields.integer(params(), name, where("params." + name));
    }

    /**
     * {@return its value}
     *
     * @param name a boolean param
     */
    public boolean paramBoolean(String name) {
        return Fields.bool(params(), name, where("params." + name));
    }

    /**
     * {@return its value}
     *
     * @param name a string param
     */
    public String paramString(String name) {
        return Fields.string(params(), name, where("params." + name));
    }

    /**
     * {@return its values}
     *
     * @param name a list-of-integers param
     */
    public int[] paramInts(String name) {
        return Fields.ints(params(), name, where("params." + name));
    }

    /**
     * {@return whether present}
     *
     * @param name an input key
     */
    public boolean hasInput(String name) {
        return section("inputs").containsKey(name);
    }

    /**
     * {@return the tensor}
     *
     * @param name an input key
     */
    public GoldenTensor input(String name) {
        return tensor("inputs", name);
    }

    /** {@return every input key, in file order} */
    public Set<String> inputNames() {
        return section("inputs").keySet();
    }

    /**
     * {@return whether present}
     *
     * @param name an output key
     */
    public boolean hasOutput(String name) {
        return section("outputs").containsKey(name);
    }

    /**
     * {@return the expected tensor}
     *
     * @param name an output key
     */
    public GoldenTensor output(String name) {
        return tensor("outputs", name);
    }

    /** {@return every output key, in file order} */
    public Set<String> outputNames() {
        return section("outputs").keySet();
    }

    /**
     * {@return its tolerance: {@code tolerance_overrides[output]} if present, else {@code tolerance}}
     *
     * @param output an output key
     * @throws GoldenFormatException when a bound is missing, not a number, infinite, NaN or negative
     */
    public Tolerance tolerance(String output) {
        if (root.get("tolerance_overrides") instanceof Map<?, ?> overrides && overrides.containsKey(output)) {
            String at = "tolerance_overrides." + output;
            Map<String, Object> t = Fields.object(Fields.asObject(overrides, fileName), output, where(at));
            return new Tolerance(bound(t, "abs", at), bound(t, "rel", at));
        }
        Map<String, Object> t = Fields.object(root, "tolerance", where("tolerance"));
        return new Tolerance(bound(t, "abs", "tolerance"), bound(t, "rel", "tolerance"));
    }

    /**
     * One part of a tolerance: a finite number >= 0. Infinity would pass every value, NaN or a negative bound
     * fail every one, so either makes the case meaningless.
     */
    private double bound(Map<String, Object> tolerance, String key, String at) {
        String field = at + "." + key;
        double v = Fields.number(tolerance, key, where(field));
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new GoldenFormatException(where(field) + " is " + v + "; a tolerance must be a finite number >= 0 "
                    + "(Infinity accepts any value, NaN or a negative one none); write the bound the reference needs, "
                    + "e.g. 1e-05");
        }
        return v;
    }

    /**
     * {@return {@code file.json field 'path'}}
     *
     * @param field a dotted path for messages
     */
    public String where(String field) {
        return fileName + " field '" + field + "'";
    }

    private Map<String, Object> section(String key) {
        return Fields.object(root, key, where(key));
    }

    private GoldenTensor tensor(String section, String name) {
        String at = section + "." + name;
        Map<String, Object> t = Fields.object(section(section), name, where(at));
        int[] shape = Fields.ints(t, "shape", where(at + ".shape"));
        String dtype = Fields.string(t, "dtype", where(at + ".dtype"));
        if (!Set.of("float32", "float64", "int64").contains(dtype)) {
            throw new GoldenFormatException(where(at + ".dtype") + " is '" + dtype
                    + "'; expected float32, float64 or int64");
        }
        List<Object> data = Fields.list(t, "data", where(at + ".data"));
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new GoldenFormatException(where(at + ".shape") + "[" + i + "] is " + shape[i]
                        + "; a dimension is a size >= 0");
            }
            size = Math.min(size * shape[i], Integer.MAX_VALUE + 1L);  // clamped: the product of many dims wraps
        }
        if (data.size() != size) {
            throw new GoldenFormatException(where(at + ".data") + " has " + data.size() + " values but shape "
                    + java.util.Arrays.toString(shape) + " needs " + size);
        }
        double[] values = new double[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Fields.toDouble(data.get(i), where(at + ".data[" + i + "]"));
        }
        return new GoldenTensor(name, shape, dtype, values);
    }
}
