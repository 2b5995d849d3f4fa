package dev.nn.core.optim;

import dev.nn.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads {@code torch_optim.json}, written by {@code tools/make_nn_core_fixtures.py} with PyTorch. */
final class TorchOptimFixture {
    static final Path FILE = Path.of("src/test/resources/dev/nn/core/optim/torch_optim.json");

    private TorchOptimFixture() {
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> section(String name) {
        try {
            Map<String, Object> root = (Map<String, Object>) Json.parse(Files.readString(FILE));
            return (List<Map<String, Object>>) root.get(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> find(String section, String name) {
        return section(section).stream().filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no case " + name + " in " + FILE));
    }

    @SuppressWarnings("unchecked")
    static float[] floats(Object list) {
        List<Object> l = (List<Object>) list;
        float[] out = new float[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).floatValue();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static double[] doubles(Object list) {
        List<Object> l = (List<Object>) list;
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).doubleValue();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static int[] ints(Object list) {
        List<Object> l = (List<Object>) list;
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).intValue();
        }
        return out;
    }

    static double number(Map<String, Object> map, String key, double fallback) {
        Object v = map.get(key);
        return v == null ? fallback : ((Number) v).doubleValue();
    }
}
