package dev.nn.core.layer;

import dev.nn.api.backend.Activation;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;

/** A parameter-free elementwise nonlinearity computed by the backend's fused activation kernels. */
public abstract class PointwiseActivation implements Layer {
    private final Activation function;
    private final float param;
    private Tensor input;
    private Tensor output;
    private final TensorSlot outputSlot = new TensorSlot();
    private final TensorSlot inputGrad = new TensorSlot();

    /**
     * An activation applied element by element.
     *
     * @param function the nonlinearity
     * @param param its parameter (negative slope for leaky ReLU)
     */
    protected PointwiseActivation(Activation function, float param) {
        this.function = function;
        this.param = param;
    }

    /** {@return the nonlinearity} */
    public Activation function() {
        return function;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Tensor y = outputSlot.get(x.backend(), x.shape());
        x.backend().activationForward(function, param, y, x);
        input = x;
        output = y;
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (input == null) {
            throw new IllegalStateException(kind() + ".backward() called before forward()");
        }
        Tensor dx = inputGrad.zeroed(gradOutput.backend(), input.shape());
        gradOutput.backend().activationBackward(function, param, dx, gradOutput, input, output);
        return dx;
    }

    @Override
    public String toString() {
        return kind() + "()";
    }

    @Override
    public void release() {
        outputSlot.free();
        inputGrad.free();
    }
}
