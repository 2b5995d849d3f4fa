package dev.nn.core.layer;

import dev.nn.api.backend.Pool2dGeometry;
import dev.nn.api.tensor.Tensor;

/**
 * 2-D average pooling, PyTorch's {@code nn.AvgPool2d(kernel_size, stride=kernel_size, padding=0)} with
 * {@code ceil_mode=False} and {@code count_include_pad=True}: every window is divided by {@code kH * kW}, even
 * where it covers zero padding. Input {@code (N, C, H, W)} or unbatched {@code (C, H, W)}.
 */
public final class AvgPool2d extends Pool2d {
    /**
     * Average pooling over non-overlapping square windows.
     *
     * @param kernelSize window height and width; the stride defaults to it, padding to 0
     */
    public AvgPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    /**
     * Average pooling with a square window.
     *
     * @param kernelSize window height and width
     * @param stride step along both axes
     * @param padding implicit zero border on every side, at most half the kernel
     */
    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(kernelSize, kernelSize, stride, stride, padding, padding);
    }

    /**
     * Average pooling with a rectangular window.
     *
     * @param kernelH window height
     * @param kernelW window width
     * @param strideH vertical step
     * @param strideW horizontal step
     * @param padH zero rows above and below, at most half the window height
     * @param padW zero columns left and right, at most half the window width
     */
    public AvgPool2d(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        super(kernelH, kernelW, strideH, strideW, padH, padW);
    }

    @Override
    void forwardKernel(Pool2dGeometry g, Tensor y, Tensor x) {
        x.backend().avgPool2dForward(g, y, x);
    }

    @Override
    void backwardKernel(Pool2dGeometry g, Tensor dx, Tensor dy, Tensor x) {
        dy.backend().avgPool2dBackward(g, dx, dy);
    }
}
