package dev.nn.norm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.norm.Normalizations;
import dev.nn.api.spi.Params;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PyTorch 1.13 vectors for what the shared golden set does not cover (BatchNorm3d, InstanceNorm3d running
 * statistics with eval-mode backward, unbatched affine InstanceNorm2d, eval-mode BatchNorm without running
 * statistics, 5-D GroupNorm), written by {@code nn-norm/tools/make_pytorch_extra.py}. Layers are built by name
 * through {@link Normalizations}, so the providers' parameter handling is exercised too.
 */
class PyTorchExtraTest {
    private static final String RESOURCE = "pytorch_extra.json";

    @SuppressWarnings("unchecked")
    static Stream<Map<String, Object>> cases() throws IOException {
        try (InputStream in = PyTorchExtraTest.class.getResourceAsStream(RESOURCE)) {
            Map<String, Object> doc = (Map<String, Object>) Json.parse(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return ((List<Map<String, Object>>) doc.get("cases")).stream();
        }
    }

    @SuppressWarnings("unchecked")
    private static Tensor tensor(Map<String, Object> section, String name) {
        Map<String, Object> t = (Map<String, Object>) section.get(name);
        int[] shape = ((List<Object>) t.get("shape")).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
        List<Object> data = (List<Object>) t.get("data");
        float[] values = new float[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = ((Number) data.get(i)).floatValue();
        }
        return Fixtures.tensor(values, shape);
    }

    private static Params params(Map<String, Object> raw) {
        Params p = Params.empty();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            p = p.with(e.getKey(), e.getValue());
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{index}")
    @MethodSource("cases")
    void matchesPyTorch(Map<String, Object> c) {
        String name = (String) c.get("name");
        Map<String, Object> inputs = (Map<String, Object>) c.get("inputs");
        Map<String, Object> outputs = (Map<String, Object>) c.get("outputs");
        Layer layer = Normalizations.create((String) c.get("provider"), Fixtures.SCALAR,
                params((Map<String, Object>) c.get("params")));
        for (Parameter p : layer.ownParameters()) {
            p.set(tensor(inputs, p.name()).toArray());
        }
        Mode mode = "train".equals(c.get("mode")) ? Mode.TRAIN : Mode.EVAL;
        int checked = 0;
        checked += compare(name, outputs, "y", layer.forward(tensor(inputs, "x"), mode), false);
        layer.zeroGrad();
        checked += compare(name, outputs, "grad_input", layer.backward(tensor(inputs, "grad_output")), true);
        checked += compareParameterGrads(name, outputs, layer, "");
        if (outputs.containsKey("running_mean")) {
            checked += compare(name, outputs, "running_mean", layer.ownBuffers().get("running_mean"), false);
            checked += compare(name, outputs, "running_var", layer.ownBuffers().get("running_var"), false);
        }
        if (outputs.containsKey("y_eval")) {
            checked += compare(name, outputs, "y_eval", layer.forward(tensor(inputs, "x_eval"), Mode.EVAL), false);
            layer.zeroGrad();
            checked += compare(name, outputs, "grad_input_eval", layer.backward(tensor(inputs, "grad_output_eval")),
                    true);
            checked += compareParameterGrads(name, outputs, layer, "_eval");
        }
        assertEquals(outputs.size(), checked, name + ": every PyTorch output must be compared");
    }

    private static int compareParameterGrads(String name, Map<String, Object> outputs, Layer layer, String suffix) {
        int checked = 0;
        for (Parameter p : layer.ownParameters()) {
            checked += compare(name, outputs, "grad_" + p.name() + suffix, p.grad(), true);
        }
        return checked;
    }

    private static int compare(String name, Map<String, Object> outputs, String key, Tensor actual,
                               boolean backward) {
        assertTrue(outputs.containsKey(key), name + ": PyTorch has no output " + key);
        Tensor expected = tensor(outputs, key);
        assertEquals(expected.shape(), actual.shape(), name + " " + key);
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        double abs = backward ? 5e-5 : 1e-5;
        for (int i = 0; i < e.length; i++) {
            if (Math.abs(a[i] - e[i]) > abs + 1e-4 * Math.abs(e[i])) {
                fail(name + " " + key + "[" + i + "]: PyTorch " + e[i] + ", nn " + a[i]);
            }
        }
        return 1;
    }
}
