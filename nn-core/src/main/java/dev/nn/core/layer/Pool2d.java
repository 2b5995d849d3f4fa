package dev.nn.core.layer;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Pool2dGeometry;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;

/**
 * What max and average pooling share: the window settings, their validation, input checks, the unbatched
 * {@code (C, H, W)} form and the state kept for backward. Subclasses only call their kernels.
 */
abstract class Pool2d implements Layer {
    private final int kernelH;
    private final int kernelW;
    private final int strideH;
    private final int strideW;
    private final int padH;
    private final int padW;
    private Tensor input;
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGrad = new TensorSlot();
    private Pool2dGeometry geometry;
    private Shape inputShape;

    Pool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException(kind() + " needs kernel_size >= 1 and stride >= 1, got kernel_size="
                    + pair(kernelH, kernelW) + ", stride=" + pair(strideH, strideW));
        }
        if (padH < 0 || padW < 0 || 2 * padH > kernelH || 2 * padW > kernelW) {
            throw new IllegalArgumentException(kind() + " padding must be >= 0 and at most half of kernel_size, got "
                    + "padding=" + pair(padH, padW) + " for kernel_size=" + pair(kernelH, kernelW)
                    + "; use padding <= " + pair(kernelH / 2, kernelW / 2));
        }
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padH = padH;
        this.padW = padW;
    }

    /** Runs the forward kernel: y {@code (n, c, outH, outW)} is zero on entry. */
    abstract void forwardKernel(Pool2dGeometry g, Tensor y, Tensor x);

    /** Runs the backward kernel: dx {@code (n, c, inH, inW)} is zero on entry and accumulated into. */
    abstract void backwardKernel(Pool2dGeometry g, Tensor dx, Tensor dy, Tensor x);

    @Override
    public final Tensor forward(Tensor x, Mode mode) {
        Shape s = x.shape();
        if (s.rank() != 3 && s.rank() != 4) {
            throw new ShapeException(this + " expects a 4-D input (N, C, H, W) or an unbatched 3-D input (C, H, W), "
                    + "got shape " + s + " of rank " + s.rank() + "; reshape the input to images first");
        }
        Tensor x4 = s.rank() == 3 ? x.reshape(1, s.dim(0), s.dim(1), s.dim(2)) : x;
        int h = x4.shape().dim(2);
        int w = x4.shape().dim(3);
        if (h + 2 * padH < kernelH || w + 2 * padW < kernelW) {
            throw new ShapeException(this + " got input of shape " + s + ": the padded input " + (h + 2 * padH)
                    + "x" + (w + 2 * padW) + " is smaller than the window " + kernelH + "x" + kernelW
                    + "; use a smaller kernel_size or pool fewer times before this layer");
        }
        Pool2dGeometry g = new Pool2dGeometry(x4.shape().dim(0), x4.shape().dim(1), h, w, kernelH, kernelW,
                strideH, strideW, padH, padW);
        Tensor y = output.get(x.backend(), Shape.of(g.n(), g.channels(), g.outH(), g.outW()));
        forwardKernel(g, y, x4);
        input = x4;
        geometry = g;
        inputShape = s;
        return s.rank() == 3 ? y.reshape(g.channels(), g.outH(), g.outW()) : y;
    }

    @Override
    public final Tensor backward(Tensor gradOutput) {
        if (input == null) {
            throw new IllegalStateException(kind() + ".backward() called before forward()");
        }
        Pool2dGeometry g = geometry;
        int expected = g.n() * g.channels() * g.outH() * g.outW();
        if (gradOutput.size() != expected) {
            throw new ShapeException(kind() + ".backward() got a gradient of shape " + gradOutput.shape()
                    + " but the last output had " + expected + " values; pass the gradient of that output");
        }
        Tensor dx = inputGrad.zeroed(gradOutput.backend(), input.shape());
        backwardKernel(g, dx, gradOutput, input);
        return dx.reshape(inputShape.toArray());
    }

    /** @return PyTorch-like repr, e.g. {@code MaxPool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))} */
    @Override
    public String toString() {
        return kind() + "(kernel_size=" + pair(kernelH, kernelW) + ", stride=" + pair(strideH, strideW)
                + ", padding=" + pair(padH, padW) + ")";
    }

    private static String pair(int h, int w) {
        return "(" + h + ", " + w + ")";
    }

    @Override
    public void release() {
        output.free();
        inputGrad.free();
    }
}
