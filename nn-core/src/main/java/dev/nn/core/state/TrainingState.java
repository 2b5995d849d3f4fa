package dev.nn.core.state;

import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything a resumed training run needs, in one safetensors file: float arrays (weights, optimizer buffers,
 * best-weights snapshots) as F32 tensors, and scalars (counters, learning rate, best values, the history) as
 * strings in its {@code __metadata__}. Doubles are stored in Java's shortest round-trip form, so every value comes
 * back bit for bit. Each part of the run writes into its own {@link #scope} (PyTorch's {@code state_dict}
 * nesting), so names read {@code optimizer.exp_avg.0} or {@code callbacks.3.best}.
 *
 * <p>The file records its format and the nn version that wrote it; {@link #read} refuses a file of another format
 * or version, since another version's numerics could make the resumed run differ from an uninterrupted one.
 * {@link #write} replaces the file atomically, so a run killed at any moment leaves the previous state or the new
 * one, never a mix.
 */
public final class TrainingState {
    /** The format this class writes and reads. */
    public static final String FORMAT = "nn-training-state/1";
    private static final String FORMAT_KEY = "format";
    private static final String VERSION_KEY = "nn_version";
    private static final String VALUE = "value.";

    private final Store store;
    private final String prefix;

    /** What one file holds; scopes share it. */
    private record Store(Map<String, StoredTensor> arrays, Map<String, String> values, String source) {
    }

    /** An empty state, to be filled and written. */
    public TrainingState() {
        this(new Store(new LinkedHashMap<>(), new LinkedHashMap<>(), "the training state"), "");
    }

    private TrainingState(Store store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    /**
     * {@return the part of this state under a name: its entries are this state's {@code name.}-prefixed ones}
     *
     * @param name a non-empty name without dots
     */
    public TrainingState scope(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("A state scope name must be non-empty and without dots, got '"
                    + name + "'");
        }
        return new TrainingState(store, prefix + name + ".");
    }

    /**
     * Stores a copy of a tensor's values (read back from its backend now).
     *
     * @param name the entry's name in this scope
     * @param tensor the tensor
     */
    public void putTensor(String name, Tensor tensor) {
        putArray(name, tensor.toArray(), tensor.shape());
    }

    /**
     * Stores values with a shape.
     *
     * @param name the entry's name in this scope
     * @param values the values (not copied: do not change them before {@link #write})
     * @param shape their shape; its size must be the number of values
     */
    public void putArray(String name, float[] values, Shape shape) {
        store.arrays.put(prefix + name, new StoredTensor("F32", shape, values));
    }

    /**
     * {@return the values of an array entry}
     *
     * @param name the entry's name in this scope
     * @param shape the shape the reader expects
     * @throws CheckpointException when it is missing or has another shape
     */
    public float[] array(String name, Shape shape) {
        StoredTensor t = store.arrays.get(prefix + name);
        if (t == null) {
            throw missing("array", name);
        }
        if (!t.shape().equals(shape)) {
            throw new CheckpointException(store.source + ": array '" + prefix + name + "' has shape " + t.shape()
                    + " but this run needs " + shape + "; it was saved by a run with another model or settings. "
                    + "Resume with the options the run was started with");
        }
        return t.values();
    }

    /** {@return the names of the array entries in this scope (nested scopes included), in the order written} */
    public List<String> arrayNames() {
        return store.arrays.keySet().stream().filter(n -> n.startsWith(prefix))
                .map(n -> n.substring(prefix.length())).toList();
    }

    /**
     * Stores text.
     *
     * @param name the entry's name in this scope
     * @param value the text
     */
    public void putString(String name, String value) {
        store.values.put(VALUE + prefix + name, value);
    }

    /**
     * {@return a text entry}
     *
     * @param name the entry's name in this scope
     * @throws CheckpointException when it is missing
     */
    public String getString(String name) {
        String v = store.values.get(VALUE + prefix + name);
        if (v == null) {
            throw missing("value", name);
        }
        return v;
    }

    /**
     * {@return a text entry, if present}
     *
     * @param name the entry's name in this scope
     */
    public Optional<String> findString(String name) {
        return Optional.ofNullable(store.values.get(VALUE + prefix + name));
    }

    /**
     * Stores a whole number.
     *
     * @param name the entry's name in this scope
     * @param value the number
     */
    public void putLong(String name, long value) {
        putString(name, Long.toString(value));
    }

    /**
     * {@return a whole-number entry}
     *
     * @param name the entry's name in this scope
     * @throws CheckpointException when it is missing or not a whole number
     */
    public long getLong(String name) {
        return parsed(name, Long::parseLong, "a whole number");
    }

    /**
     * {@return a whole-number entry that fits an int}
     *
     * @param name the entry's name in this scope
     * @throws CheckpointException when it is missing or not an int
     */
    public int getInt(String name) {
        long v = getLong(name);
        if (v != (int) v) {
            throw malformed(name, Long.toString(v), "a whole number below 2^31");
        }
        return (int) v;
    }

    /**
     * Stores a double exactly (NaN and infinities included).
     *
     * @param name the entry's name in this scope
     * @param value the number
     */
    public void putDouble(String name, double value) {
        putString(name, Double.toString(value));
    }

    /**
     * {@return a double entry, bit for bit as stored}
     *
     * @param name the entry's name in this scope
     * @throws CheckpointException when it is missing or not a number
     */
    public double getDouble(String name) {
        return parsed(name, Double::parseDouble, "a number");
    }

    /** A text entry read as a number, a malformed one refused with what was expected. */
    private <T> T parsed(String name, Function<String, T> parser, String expected) {
        String v = getString(name);
        try {
            return parser.apply(v);
        } catch (NumberFormatException e) {
            throw malformed(name, v, expected);
        }
    }

    /**
     * Stores a flag.
     *
     * @param name the entry's name in this scope
     * @param value the flag
     */
    public void putBoolean(String name, boolean value) {
        putString(name, Boolean.toString(value));
    }

    /**
     * {@return a flag entry}
     *
     * @param name the entry's name in this scope
     * @throws CheckpointException when it is missing or neither {@code true} nor {@code false}
     */
    public boolean getBoolean(String name) {
        String v = getString(name);
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw malformed(name, v, "true or false");
        };
    }

    /**
     * Writes the whole state (every scope) atomically.
     *
     * @param file the target; the previous file stays intact when writing fails
     * @throws CheckpointException when writing fails
     */
    public void write(Path file) {
        Map<String, String> metadata = new LinkedHashMap<>(store.values);
        metadata.put(FORMAT_KEY, FORMAT);
        metadata.put(VERSION_KEY, nnVersion());
        Safetensors.writeArrays(file, store.arrays, metadata);
    }

    /**
     * Reads a state written by {@link #write}.
     *
     * @param file the state file
     * @return the whole state
     * @throws CheckpointException when the file is missing, unreadable, truncated, of another format, or written
     *                             by another nn version
     */
    public static TrainingState read(Path file) {
        SafetensorsFile content = Safetensors.read(file);
        Map<String, String> metadata = content.metadata();
        String format = metadata.get(FORMAT_KEY);
        if (!FORMAT.equals(format)) {
            throw new CheckpointException(file + " is not an nn training state: its metadata has format "
                    + (format == null ? "(none)" : "'" + format + "'") + ", expected '" + FORMAT + "'. Pass the "
                    + "state file nn train writes after every epoch");
        }
        String version = metadata.get(VERSION_KEY);
        if (!nnVersion().equals(version)) {
            throw new CheckpointException(file + " was written by nn " + version + ", but this is nn " + nnVersion()
                    + ": another version may compute differently, so the resumed run could not match the "
                    + "uninterrupted one. Resume with nn " + version + ", or start a new run");
        }
        Map<String, String> values = new LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            if (k.startsWith(VALUE)) {
                values.put(k, v);
            }
        });
        Map<String, StoredTensor> arrays = new LinkedHashMap<>();
        content.tensors().forEach((name, t) -> {
            if (!t.dtype().equals("F32")) {
                throw new CheckpointException(file + ": array '" + name + "' is " + t.dtype() + ", but a training "
                        + "state holds F32 arrays only; the file was not written by nn train");
            }
            arrays.put(name, t);
        });
        return new TrainingState(new Store(arrays, values, file.toString()), "");
    }

    /** {@return the version of nn running now (the nn-core module's version), or {@code unknown} off the module path} */
    public static String nnVersion() {
        var descriptor = TrainingState.class.getModule().getDescriptor();
        return descriptor == null ? "unknown" : descriptor.rawVersion().orElse("unknown");
    }

    private CheckpointException missing(String kind, String name) {
        return new CheckpointException(store.source + " has no " + kind + " '" + prefix + name + "'; it was saved by "
                + "a run with other settings or parts. Resume with the options the run was started with");
    }

    private CheckpointException malformed(String name, String value, String expected) {
        return new CheckpointException(store.source + ": value '" + prefix + name + "' is \"" + value
                + "\", expected " + expected + "; the file is corrupt");
    }
}
