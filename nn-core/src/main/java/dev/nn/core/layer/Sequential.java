package dev.nn.core.layer;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers applied in order, PyTorch's {@code nn.Sequential}: children are named {@code "0"}, {@code "1"}, ... (or
 * given names), so parameter names match PyTorch's {@code state_dict} keys such as {@code 0.weight}.
 */
public final class Sequential implements Layer {
    private final Map<String, Layer> children;

    /**
     * A sequence of layers named by position.
     *
     * @param layers the layers, named by position
     */
    public Sequential(Layer... layers) {
        this(List.of(layers));
    }

    /**
     * A sequence of layers named by position.
     *
     * @param layers the layers, named by position
     */
    public Sequential(List<? extends Layer> layers) {
        Map<String, Layer> map = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            map.put(Integer.toString(i), layers.get(i));
        }
        this.children = Collections.unmodifiableMap(map);
    }

    /**
     * A sequence of named layers.
     *
     * @param named layers by name, in order (PyTorch's {@code OrderedDict} form)
     */
    public Sequential(Map<String, ? extends Layer> named) {
        for (String name : named.keySet()) {
            if (name.isEmpty() || name.contains(".")) {
                throw new IllegalArgumentException("Layer name '" + name
                        + "' must be non-empty and contain no '.' (dots separate nested names)");
            }
        }
        this.children = Collections.unmodifiableMap(new LinkedHashMap<>(named));
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Tensor h = x;
        for (Layer layer : children.values()) {
            h = layer.forward(h, mode);
        }
        return h;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        List<Layer> reversed = new ArrayList<>(children.values());
        Collections.reverse(reversed);
        Tensor g = gradOutput;
        for (Layer layer : reversed) {
            g = layer.backward(g);
        }
        return g;
    }

    @Override
    public Map<String, Layer> children() {
        return children;
    }

    /** {@return the layers in order} */
    public List<Layer> layers() {
        return List.copyOf(children.values());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(");
        children.forEach((name, layer) -> sb.append("\n  (").append(name).append("): ").append(layer));
        return sb.append(children.isEmpty() ? ")" : "\n)").toString();
    }
}
