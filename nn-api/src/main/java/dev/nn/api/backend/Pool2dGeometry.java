package dev.nn.api.backend;

import dev.nn.api.ShapeException;

/**
 * The sizes of one 2-D pooling, PyTorch semantics ({@code ceil_mode=False}; average pooling counts padding,
 * {@code count_include_pad=True}): input {@code (n, channels, inH, inW)}, output {@code (n, channels, outH(), outW())}.
 *
 * @param n batch size
 * @param channels channels, pooled independently
 * @param inH input height
 * @param inW input width
 * @param kernelH window height
 * @param kernelW window width
 * @param strideH vertical stride
 * @param strideW horizontal stride
 * @param padH implicit padding above and below (-inf for max, 0 for average)
 * @param padW implicit padding left and right
 */
public record Pool2dGeometry(int n, int channels, int inH, int inW, int kernelH, int kernelW,
                             int strideH, int strideW, int padH, int padW) {
    /** Checks the sizes once so kernels can trust them. */
    public Pool2dGeometry {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
            throw new ShapeException("Pooling needs kernel >= 1 and stride >= 1, got kernel=(" + kernelH + ", "
                    + kernelW + "), stride=(" + strideH + ", " + strideW + ")");
        }
        if (padH < 0 || padW < 0 || 2 * padH > kernelH || 2 * padW > kernelW) {
            throw new ShapeException("Pooling padding must be >= 0 and at most half the kernel, got padding=("
                    + padH + ", " + padW + ") for kernel=(" + kernelH + ", " + kernelW + ")");
        }
        // the fields are not assigned yet inside a compact constructor, so outH()/outW() cannot be called here
        if (outSize(inH, padH, kernelH, strideH) < 1 || outSize(inW, padW, kernelW, strideW) < 1) {
            throw new ShapeException("Pooling window " + kernelH + "x" + kernelW + " does not fit input "
                    + inH + "x" + inW + "; use a smaller kernel or add padding");
        }
    }

    /** {@return output height {@code floor((inH + 2 padH - kernelH) / strideH) + 1}} */
    public int outH() {
        return outSize(inH, padH, kernelH, strideH);
    }

    /** {@return output width, as {@link #outH()}} */
    public int outW() {
        return outSize(inW, padW, kernelW, strideW);
    }

    private static int outSize(int in, int pad, int kernel, int stride) {
        return Math.floorDiv(in + 2 * pad - kernel, stride) + 1;
    }
}
