package dev.nn.norm.internal;

import dev.nn.api.spi.Params;
import java.util.List;

/** Reads the parameter forms the norm providers share (nullable numbers, shapes). */
final class ProviderParams {
    private ProviderParams() {
    }

    /**
     * @return the number, {@code null} when the key maps to null (PyTorch's None), the fallback when absent
     */
    static Double nullableDouble(Params params, String key, Double fallback) {
        if (!params.has(key)) {
            return fallback;
        }
        return params.get(key) == null ? null : params.requireDouble(key);
    }

    /** @return a shape given as an int, an {@code int[]} or a list of whole numbers */
    static int[] shape(Params params, String key, String owner) {
        Object v = params.get(key);
        switch (v) {
            case int[] a -> {
                return a.clone();
            }
            case Number n when n.doubleValue() == Math.rint(n.doubleValue()) -> {
                return new int[] {n.intValue()};
            }
            case List<?> list -> {
                int[] out = new int[list.size()];
                for (int i = 0; i < out.length; i++) {
                    if (!(list.get(i) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                        throw badShape(key, owner, v);
                    }
                    out[i] = n.intValue();
                }
                return out;
            }
            case null, default -> throw badShape(key, owner, v);
        }
    }

    private static IllegalArgumentException badShape(String key, String owner, Object v) {
        return new IllegalArgumentException("Parameter '" + key + "' of " + owner + " must be a whole number, an "
                + "int[] or a list of whole numbers (e.g. [3, 32, 32]), got " + (v == null ? "nothing" : v));
    }
}
