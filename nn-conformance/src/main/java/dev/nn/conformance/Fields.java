package dev.nn.conformance;

import java.util.List;
import java.util.Map;

/** Typed reads from parsed JSON with messages that name the file and field. */
public final class Fields {
    private Fields() {
    }

    /**
     * {@return the nested object}
     *
     * @param map an object
     * @param key a field
     * @param where for messages
     */
    public static Map<String, Object> object(Map<String, Object> map, String key, String where) {
        if (map.get(key) instanceof Map<?, ?> m) {
            return asObject(m, where);
        }
        throw missing(map, key, where, "an object");
    }

    /**
     * {@return the list}
     *
     * @param map an object
     * @param key a field
     * @param where for messages
     */
    public static List<Object> list(Map<String, Object> map, String key, String where) {
        if (map.get(key) instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) l;
            return list;
        }
        throw missing(map, key, where, "a list");
    }

    /**
     * {@return the list of objects}
     *
     * @param map an object
     * @param key a field
     * @param where for messages
     */
    public static List<Map<String, Object>> objects(Map<String, Object> map, String key, String where) {
        List<Object> raw = list(map, key, where);
        return java.util.stream.IntStream.range(0, raw.size()).mapToObj(i -> {
            if (raw.get(i) instanceof Map<?, ?> m) {
                return asObject(m, where + "[" + i + "]");
            }
            throw new GoldenFormatException(where + "[" + i + "] must be an object, got " + raw.get(i));
        }).toList();
    }

    /**
     * {@return the string}
     *
     * @param map an object
     * @param key a field
     * @param where for messages
     */
    public static String string(Map<String, Object> map, String key, String where) {
        if (map.get(key) instanceof String s) {
            return s;
        }
        throw missing(map, key, where, "a string");
    }

    /**
     * {@return the number}
     *
     * @param map an object
     * @param key a field
     * @param where for messages
     */
    public static double number(Map<String, Object> map, String key, String where) {
        if (!map.containsKey(key)) {
            throw missing(map, key, where, "a number");
        }
        return toDouble(map.get(key), where);
    }

    /**
     * {@return the integer}
     *
     * @param map an object
     * @param key a field
     * @param where for messages
     */
    public static int integer(Map<String, Object> map, String key, String where) {
        if (map.get(key) instanceof Long l && l == (int) (long) l) {
            return (int) (long) l;
        }
        throw missing(map, key, where, "an integer");
    }

    /**
     * {@return the boolean}
     *
     * @param map an object
     * @param key a field
     * @param where for messages
     */
    public static boolean bool(Map<String, Object> map, String key, String where) {
        if (map.get(key) instanceof Boolean b) {
            return b;
        }
        throw missing(map, key, where, "true or false");
    }

    /**
     * {@return the integers}
     *
     * @param map an object
     * @param key a field
     * @param where for messages
     */
    public static int[] ints(Map<String, Object> map, String key, String where) {
        List<Object> raw = list(map, key, where);
        int[] out = new int[raw.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(raw.get(i) instanceof Long l) || l != (int) (long) l) {
                throw new GoldenFormatException(where + "[" + i + "] must be an integer, got " + raw.get(i));
            }
            out[i] = (int) (long) l;
        }
        return out;
    }

    /**
     * {@return the double}
     *
     * @param value a JSON number or one of the strings {@code NaN}, {@code Infinity}, {@code -Infinity}
     * @param where for messages
     */
    public static double toDouble(Object value, String where) {
        return switch (value) {
            case Number n -> n.doubleValue();
            case String s when s.equals("NaN") -> Double.NaN;
            case String s when s.equals("Infinity") -> Double.POSITIVE_INFINITY;
            case String s when s.equals("-Infinity") -> Double.NEGATIVE_INFINITY;
            case null, default -> throw new GoldenFormatException(where + " must be a number, got " + value);
        };
    }

    /**
     * {@return it, typed}
     *
     * @param m a parsed JSON object
     * @param where for messages
     */
    public static Map<String, Object> asObject(Map<?, ?> m, String where) {
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw new GoldenFormatException(where + " has a non-string key " + k);
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        return typed;
    }

    private static GoldenFormatException missing(Map<String, Object> map, String key, String where, String expected) {
        return new GoldenFormatException(map.containsKey(key)
                ? where + " must be " + expected + ", got " + map.get(key)
                : where + " is missing; expected " + expected);
    }
}
