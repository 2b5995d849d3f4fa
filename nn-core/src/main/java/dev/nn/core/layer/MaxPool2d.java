package dev.nn.core.layer;

import dev.nn.api.backend.Pool2dGeometry;
import dev.nn.api.tensor.Tensor;

/**
 * 2-D max pooling, PyTorch's {@code nn.MaxPool2d(kernel_size, stride=kernel_size, padding=0)} with dilation 1 and
 * {@code ceil_mode=False}: input {@code (N, C, H, W)} or unbatched {@code (C, H, W)}, padding counts as -infinity,
 * output size {@code floor((H + 2 pad - kernel) / stride) + 1}. The gradient goes to the first maximum of each
 * window.
 */
public final class MaxPool2d extends Pool2d {
    /**
     * Max pooling over non-overlapping square windows.
     *
     * @param kernelSize window height and width; the stride defaults to it, padding to 0
     */
    public MaxPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    /**
     * Max pooling with a square window.
     *
     * @param kernelSize window height and width
     * @param stride step along both axes
     * @param padding implicit -infinity border on every side, at most half the kernel
     */
    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(kernelSize, kernelSize, stride, stride, padding, padding);
    }

    /**
     * Max pooling with a rectangular window.
     *
     * @param kernelH window height
     * @param kernelW window width
     * @param strideH vertical step
     * @param strideW horizontal step
     * @param padH rows of -infinity above and below, at most half the window height
     * @param padW columns of -infinity left and right, at most half the window width
     */
    public MaxPool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        super(kernelH, kernelW, strideH, strideW, padH, padW);
    }

    @Override
    void forwardKernel(Pool2dGeometry g, Tensor y, Tensor x) {
        x.backend().maxPool2dForward(g, y, x);
    }

    @Override
    void backwardKernel(Pool2dGeometry g, Tensor dx, Tensor dy, Tensor x) {
        dy.backend().maxPool2dBackward(g, dx, dy, x);
    }
}
