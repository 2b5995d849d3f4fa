package dev.nn.api.backend;

import dev.nn.api.ShapeException;

/**
 * The sizes of one 2-D convolution, PyTorch semantics: input {@code (n, inChannels, inH, inW)}, weight
 * {@code (outChannels, inChannels/groups, kernelH, kernelW)}, output {@code (n, outChannels, outH(), outW())}.
 *
 * @param n batch size
 * @param inChannels input channels
 * @param inH input height
 * @param inW input width
 * @param outChannels output channels
 * @param kernelH kernel height
 * @param kernelW kernel width
 * @param strideH vertical stride
 * @param strideW horizontal stride
 * @param padH zero padding added above and below
 * @param padW zero padding added left and right
 * @param dilationH vertical spacing between kernel taps
 * @param dilationW horizontal spacing between kernel taps
 * @param groups channel groups; in and out channels must both divide by it
 */
public record Conv2dGeometry(int n, int inChannels, int inH, int inW, int outChannels, int kernelH, int kernelW,
                             int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
    /** Checks the sizes once so kernels can trust them. */
    public Conv2dGeometry {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new ShapeException("Conv2d groups=" + groups + " must be >= 1 and divide in_channels="
                    + inChannels + " and out_channels=" + outChannels);
        }
        if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1 || padH < 0 || padW < 0) {
            throw new ShapeException("Conv2d needs stride >= 1, dilation >= 1 and padding >= 0, got stride=("
                    + strideH + ", " + strideW + "), dilation=(" + dilationH + ", " + dilationW
                    + "), padding=(" + padH + ", " + padW + ")");
        }
        // the fields are not assigned yet inside a compact constructor, so outH()/outW() cannot be called here
        int outH = outSize(inH, padH, dilationH, kernelH, strideH);
        int outW = outSize(inW, padW, dilationW, kernelW, strideW);
        if (outH < 1 || outW < 1) {
            throw new ShapeException("Conv2d kernel (" + kernelH + "x" + kernelW + ", dilation " + dilationH + "x"
                    + dilationW + ") does not fit input " + inH + "x" + inW + " with padding " + padH + "x" + padW
                    + "; the output would be " + outH + "x" + outW + ". Use a smaller kernel or more padding");
        }
    }

    /** {@return output height {@code floor((inH + 2 padH - dilationH (kernelH - 1) - 1) / strideH) + 1}} */
    public int outH() {
        return outSize(inH, padH, dilationH, kernelH, strideH);
    }

    /** {@return output width, as {@link #outH()}} */
    public int outW() {
        return outSize(inW, padW, dilationW, kernelW, strideW);
    }

    private static int outSize(int in, int pad, int dilation, int kernel, int stride) {
        return Math.floorDiv(in + 2 * pad - dilation * (kernel - 1) - 1, stride) + 1;
    }
}
