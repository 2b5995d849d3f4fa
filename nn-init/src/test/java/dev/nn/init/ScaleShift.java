package dev.nn.init;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.List;

/** A test stand-in for a normalization layer's affine part: only its parameters matter to the initializer. */
final class ScaleShift implements Layer {
    private final Parameter scale;
    private final Parameter shift;

    ScaleShift(int features) {
        scale = new Parameter("weight", ParameterRole.NORM_SCALE, Samples.BACKEND.tensor(Shape.of(features),
                Samples.draw(Init.normal(0, 1), 3, features)));
        shift = new Parameter("bias", ParameterRole.NORM_SHIFT, Samples.BACKEND.tensor(Shape.of(features),
                Samples.draw(Init.normal(0, 1), 4, features)));
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        return x;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return gradOutput;
    }

    @Override
    public List<Parameter> ownParameters() {
        return List.of(scale, shift);
    }

    @Override
    public String kind() {
        return "BatchNorm1d";
    }
}
