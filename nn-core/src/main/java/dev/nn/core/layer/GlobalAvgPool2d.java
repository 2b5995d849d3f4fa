package dev.nn.core.layer;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Pool2dGeometry;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;

/**
 * The mean of each channel over its whole plane, {@code (N, C, H, W) -> (N, C)}: PyTorch's
 * {@code nn.AdaptiveAvgPool2d(1)} followed by {@code nn.Flatten()}, the head of ResNet-style networks. Runs on the
 * backend's average pooling kernel with one window the size of the input.
 */
public final class GlobalAvgPool2d implements Layer {
    private Pool2dGeometry geometry;
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGrad = new TensorSlot();

    /** Creates the layer; it has no settings and no parameters. */
    public GlobalAvgPool2d() {
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Shape s = x.shape();
        if (s.rank() != 4) {
            throw new ShapeException("GlobalAvgPool2d expects a 4-D input (N, C, H, W), got shape " + s + " of rank "
                    + s.rank() + (s.rank() == 3 ? "; add the batch dimension, e.g. x.reshape(1, C, H, W)" : ""));
        }
        if (s.dim(2) < 1 || s.dim(3) < 1) {
            throw new ShapeException("GlobalAvgPool2d got input of shape " + s
                    + " with an empty plane; the mean of no values is undefined");
        }
        Pool2dGeometry g = new Pool2dGeometry(s.dim(0), s.dim(1), s.dim(2), s.dim(3), s.dim(2), s.dim(3), 1, 1, 0,
                0);
        Tensor y = output.get(x.backend(), Shape.of(g.n(), g.channels()));
        x.backend().avgPool2dForward(g, y, x);
        geometry = g;
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (geometry == null) {
            throw new IllegalStateException("GlobalAvgPool2d.backward() called before forward()");
        }
        Pool2dGeometry g = geometry;
        if (gradOutput.size() != g.n() * g.channels()) {
            throw new ShapeException("GlobalAvgPool2d.backward() got a gradient of shape " + gradOutput.shape()
                    + " but the last output had shape " + Shape.of(g.n(), g.channels())
                    + "; pass the gradient of that output");
        }
        Tensor dx = inputGrad.zeroed(gradOutput.backend(), Shape.of(g.n(), g.channels(), g.inH(), g.inW()));
        gradOutput.backend().avgPool2dBackward(g, dx, gradOutput);
        return dx;
    }

    @Override
    public String toString() {
        return "GlobalAvgPool2d()";
    }

    @Override
    public void release() {
        output.free();
        inputGrad.free();
    }
}
