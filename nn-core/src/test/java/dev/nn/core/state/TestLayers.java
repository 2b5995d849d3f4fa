package dev.nn.core.state;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** State-only layers with PyTorch's state_dict names; state tests never run them forward. */
final class TestLayers {
    private TestLayers() {
    }

    /** Parameters and buffers, no computation. */
    static final class StateOnly implements Layer {
        private final List<Parameter> params;
        private final Map<String, Tensor> buffers;
        private final Map<String, Layer> children;

        StateOnly(List<Parameter> params, Map<String, Tensor> buffers, Map<String, Layer> children) {
            this.params = params;
            this.buffers = buffers;
            this.children = children;
        }

        @Override
        public Tensor forward(Tensor x, Mode mode) {
            throw new UnsupportedOperationException("state-only test layer");
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            throw new UnsupportedOperationException("state-only test layer");
        }

        @Override
        public List<Parameter> ownParameters() {
            return params;
        }

        @Override
        public Map<String, Tensor> ownBuffers() {
            return buffers;
        }

        @Override
        public Map<String, Layer> children() {
            return children;
        }
    }

    static Layer affine(Backend b, int in, int out) {
        return new StateOnly(List.of(new Parameter("weight", ParameterRole.WEIGHT, b.zeros(Shape.of(out, in))),
                new Parameter("bias", ParameterRole.BIAS, b.zeros(Shape.of(out)))), Map.of(), Map.of());
    }

    /** The names of {@code nn.Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 3))}. */
    static Layer mlp(Backend b) {
        Map<String, Layer> children = new LinkedHashMap<>();
        children.put("0", affine(b, 4, 5));
        children.put("1", new StateOnly(List.of(), Map.of(), Map.of()));
        children.put("2", affine(b, 5, 3));
        return new StateOnly(List.of(), Map.of(), children);
    }

    /** The names and shapes of {@code nn.BatchNorm1d(3)}: num_batches_tracked is a rank-0 tensor. */
    static Layer batchNorm(Backend b, int c) {
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        buffers.put("running_mean", b.zeros(Shape.of(c)));
        buffers.put("running_var", b.zeros(Shape.of(c)));
        buffers.put("num_batches_tracked", b.zeros(Shape.of()));
        return new StateOnly(List.of(new Parameter("weight", ParameterRole.NORM_SCALE, b.zeros(Shape.of(c))),
                new Parameter("bias", ParameterRole.NORM_SHIFT, b.zeros(Shape.of(c)))), buffers, Map.of());
    }
}
