package dev.nn.api.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, named parameters for a provider ({@code gain=1.4}, {@code mode="fan_out"}, {@code momentum=null}).
 * Immutable; a key may map to {@code null} (PyTorch's {@code None}).
 */
public final class Params {
    private static final Params EMPTY = new Params(Map.of());
    private final Map<String, Object> values;

    private Params(Map<String, Object> values) {
        this.values = values;
    }

    /** {@return no parameters} */
    public static Params empty() {
        return EMPTY;
    }

    /**
     * {@return the parameters}
     *
     * @param keysAndValues alternating names and values: {@code of("gain", 2.0, "mode", "fan_in")}
     */
    public static Params of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Params.of needs name/value pairs, got " + keysAndValues.length
                    + " arguments");
        }
        Params p = EMPTY;
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key)) {
                throw new IllegalArgumentException("Parameter name at position " + i + " must be a String, got "
                        + keysAndValues[i]);
            }
            p = p.with(key, keysAndValues[i + 1]);
        }
        return p;
    }

    /**
     * {@return a copy with the entry added or replaced}
     *
     * @param key the name
     * @param value the value; {@code null} for "none"
     */
    public Params with(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new Params(Collections.unmodifiableMap(copy));
    }

    /** {@return the names present} */
    public Set<String> keys() {
        return values.keySet();
    }

    /**
     * {@return whether it is present (possibly with a null value)}
     *
     * @param key the name
     */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /**
     * {@return the raw value, or null}
     *
     * @param key the name
     */
    public Object get(String key) {
        return values.get(key);
    }

    /**
     * {@return the value as a double}
     *
     * @param key the name
     * @param fallback used when absent
     */
    public double getDouble(String key, double fallback) {
        return has(key) ? requireDouble(key) : fallback;
    }

    /**
     * {@return the value as a double}
     *
     * @param key the name
     * @throws IllegalArgumentException when absent or not a number
     */
    public double requireDouble(String key) {
        if (values.get(key) instanceof Number n) {
            return n.doubleValue();
        }
        throw typeError(key, "a number");
    }

    /**
     * {@return the value as an int}
     *
     * @param key the name
     * @param fallback used when absent
     */
    public int getInt(String key, int fallback) {
        return has(key) ? requireInt(key) : fallback;
    }

    /**
     * {@return the value as an int}
     *
     * @param key the name
     * @throws IllegalArgumentException when absent or not whole
     */
    public int requireInt(String key) {
        if (values.get(key) instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw typeError(key, "a whole number");
    }

    /**
     * {@return the value as a boolean}
     *
     * @param key the name
     * @param fallback used when absent
     */
    public boolean getBoolean(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        if (values.get(key) instanceof Boolean b) {
            return b;
        }
        throw typeError(key, "true or false");
    }

    /**
     * {@return the value as a string}
     *
     * @param key the name
     * @param fallback used when absent
     */
    public String getString(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        if (values.get(key) instanceof String s) {
            return s;
        }
        throw typeError(key, "a string");
    }

    /**
     * Rejects names the owner does not know, so a typo never passes silently.
     *
     * @param owner who reads them, e.g. {@code initializer 'xavier_uniform'}
     * @param known the accepted names
     */
    public void requireOnly(String owner, Set<String> known) {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("Unknown parameter '" + key + "' for " + owner + ". Known: "
                        + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))));
            }
        }
    }

    private IllegalArgumentException typeError(String key, String expected) {
        return new IllegalArgumentException("Parameter '" + key + "' must be " + expected + ", got "
                + (has(key) ? values.get(key) : "nothing (it is required)"));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
