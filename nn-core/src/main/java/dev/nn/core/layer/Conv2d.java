package dev.nn.core.layer;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Conv2dGeometry;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * 2-D convolution (cross-correlation), PyTorch's {@code nn.Conv2d}: input {@code (N, C_in, H, W)} or unbatched
 * {@code (C_in, H, W)}, weight {@code (C_out, C_in/groups, kH, kW)}, bias {@code (C_out)}, output
 * {@code (N, C_out, H_out, W_out)} with {@code H_out = floor((H + 2 padH - dilH (kH - 1) - 1) / strideH) + 1}.
 * Defaults as PyTorch: stride 1, padding 0 (zeros), dilation 1, groups 1, with bias. Default initialization as
 * PyTorch's {@code reset_parameters}: weight {@code kaiming_uniform_(a=sqrt(5))}, which is
 * {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))} with {@code fan_in = C_in/groups * kH * kW}, and bias from the same
 * range. Parameters are named {@code weight} and {@code bias}, as in PyTorch's {@code state_dict}.
 */
public final class Conv2d implements Layer {
    private final int inChannels;
    private final int outChannels;
    private final int kernelH;
    private final int kernelW;
    private final int strideH;
    private final int strideW;
    private final int padH;
    private final int padW;
    private final int dilationH;
    private final int dilationW;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;
    private Tensor input;
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGrad = new TensorSlot();
    private Conv2dGeometry geometry;
    private Shape inputShape;

    /**
     * A square kernel with stride 1, no padding, dilation 1, one group and a bias.
     *
     * @param backend where the parameters live
     * @param inChannels channels of the input
     * @param outChannels channels produced
     * @param kernelSize height and width of the kernel
     * @param random source of the default initialization
     */
    public Conv2d(Backend backend, int inChannels, int outChannels, int kernelSize, RandomGenerator random) {
        this(builder(inChannels, outChannels, kernelSize), backend, random);
    }

    /**
     * A square kernel with the same stride and padding along both axes, dilation 1, one group and a bias.
     *
     * @param backend where the parameters live
     * @param inChannels channels of the input
     * @param outChannels channels produced
     * @param kernelSize height and width of the kernel
     * @param stride step along both axes
     * @param padding zeros added on every side
     * @param random source of the default initialization
     */
    public Conv2d(Backend backend, int inChannels, int outChannels, int kernelSize, int stride, int padding,
                  RandomGenerator random) {
        this(builder(inChannels, outChannels, kernelSize).optStride(stride).optPadding(padding), backend, random);
    }

    private Conv2d(Builder b, Backend backend, RandomGenerator random) {
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.kernelH = b.kernelH;
        this.kernelW = b.kernelW;
        this.strideH = b.strideH;
        this.strideW = b.strideW;
        this.padH = b.padH;
        this.padW = b.padW;
        this.dilationH = b.dilationH;
        this.dilationW = b.dilationW;
        this.groups = b.groups;
        validate();
        int fanIn = inChannels / groups * kernelH * kernelW;
        double bound = 1.0 / Math.sqrt(fanIn);
        Shape weightShape = Shape.of(outChannels, inChannels / groups, kernelH, kernelW);
        this.weight = new Parameter("weight", ParameterRole.WEIGHT,
                backend.tensor(weightShape, Linear.uniform(weightShape.size(), bound, random)));
        this.bias = b.bias ? new Parameter("bias", ParameterRole.BIAS,
                backend.tensor(Shape.of(outChannels), Linear.uniform(outChannels, bound, random))) : null;
    }

    /**
     * {@return a builder with PyTorch's defaults for everything else}
     *
     * @param inChannels channels of the input
     * @param outChannels channels produced
     * @param kernelSize height and width of the kernel
     */
    public static Builder builder(int inChannels, int outChannels, int kernelSize) {
        return new Builder(inChannels, outChannels, kernelSize, kernelSize);
    }

    /**
     * {@return a builder with PyTorch's defaults for everything else}
     *
     * @param inChannels channels of the input
     * @param outChannels channels produced
     * @param kernelH kernel height
     * @param kernelW kernel width
     */
    public static Builder builder(int inChannels, int outChannels, int kernelH, int kernelW) {
        return new Builder(inChannels, outChannels, kernelH, kernelW);
    }

    private void validate() {
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("Conv2d needs in_channels >= 1 and out_channels >= 1, got "
                    + inChannels + " and " + outChannels);
        }
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("Conv2d needs kernel_size, stride and dilation >= 1, got "
                    + "kernel_size=" + pair(kernelH, kernelW) + ", stride=" + pair(strideH, strideW)
                    + ", dilation=" + pair(dilationH, dilationW));
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("Conv2d padding must be >= 0, got padding=" + pair(padH, padW));
        }
        if (groups < 1) {
            throw new IllegalArgumentException("Conv2d groups must be >= 1, got groups=" + groups);
        }
        if (inChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d in_channels must be divisible by groups, got in_channels="
                    + inChannels + " and groups=" + groups + "; choose groups among the divisors of " + inChannels);
        }
        if (outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d out_channels must be divisible by groups, got out_channels="
                    + outChannels + " and groups=" + groups + "; choose groups among the divisors of "
                    + outChannels);
        }
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Shape s = x.shape();
        if (s.rank() != 3 && s.rank() != 4) {
            throw new ShapeException(this + " expects a 4-D input (N, C, H, W) or an unbatched 3-D input (C, H, W), "
                    + "got shape " + s + " of rank " + s.rank() + (s.rank() == 2
                    ? "; flat features must be reshaped to images first, e.g. x.reshape(N, " + inChannels + ", H, W)"
                    : ""));
        }
        boolean unbatched = s.rank() == 3;
        Tensor x4 = unbatched ? x.reshape(1, s.dim(0), s.dim(1), s.dim(2)) : x;
        int channels = x4.shape().dim(1);
        if (channels != inChannels) {
            throw new ShapeException(this + " got input of shape " + s + " with " + channels + " channels (dim "
                    + (unbatched ? 0 : 1) + "), expected in_channels=" + inChannels + "; make the previous layer output "
                    + inChannels + " channels or build Conv2d with in_channels=" + channels);
        }
        int h = x4.shape().dim(2);
        int w = x4.shape().dim(3);
        int extentH = dilationH * (kernelH - 1) + 1;
        int extentW = dilationW * (kernelW - 1) + 1;
        if (h + 2 * padH < extentH || w + 2 * padW < extentW) {
            throw new ShapeException(this + " got input of shape " + s + ": the padded input "
                    + (h + 2 * padH) + "x" + (w + 2 * padW) + " is smaller than the dilated kernel " + extentH + "x"
                    + extentW + "; use a larger input, more padding or a smaller kernel");
        }
        Conv2dGeometry g = new Conv2dGeometry(x4.shape().dim(0), inChannels, h, w, outChannels, kernelH, kernelW,
                strideH, strideW, padH, padW, dilationH, dilationW, groups);
        Backend b = x.backend();
        Tensor y = output.get(b, Shape.of(g.n(), outChannels, g.outH(), g.outW()));
        b.conv2dForward(g, y, x4, weight.value(), bias == null ? null : bias.value());
        input = x4;
        geometry = g;
        inputShape = s;
        return unbatched ? y.reshape(outChannels, g.outH(), g.outW()) : y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (input == null) {
            throw new IllegalStateException("Conv2d.backward() called before forward()");
        }
        Conv2dGeometry g = geometry;
        Shape expected = Shape.of(g.n(), outChannels, g.outH(), g.outW());
        if (gradOutput.size() != expected.size()) {
            throw new ShapeException("Conv2d.backward() got a gradient of shape " + gradOutput.shape()
                    + " but the last output had shape " + expected + "; pass the gradient of that output");
        }
        Backend b = gradOutput.backend();
        Tensor dx = inputGrad.zeroed(b, input.shape());
        b.conv2dBackward(g, dx, weight.grad(), bias == null ? null : bias.grad(), gradOutput, input,
                weight.value());
        return dx.reshape(inputShape.toArray());
    }

    @Override
    public List<Parameter> ownParameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    /** {@return the weight {@code (C_out, C_in/groups, kH, kW)}} */
    public Parameter weight() {
        return weight;
    }

    /** {@return the bias {@code (C_out)}, or null when built without one} */
    public Parameter bias() {
        return bias;
    }

    /** {@return input channels} */
    public int inChannels() {
        return inChannels;
    }

    /** {@return output channels} */
    public int outChannels() {
        return outChannels;
    }

    /** {@return channel groups} */
    public int groups() {
        return groups;
    }

    /** @return PyTorch's repr, e.g. {@code Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Conv2d(").append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(pair(kernelH, kernelW))
                .append(", stride=").append(pair(strideH, strideW));
        if (padH != 0 || padW != 0) {
            sb.append(", padding=").append(pair(padH, padW));
        }
        if (dilationH != 1 || dilationW != 1) {
            sb.append(", dilation=").append(pair(dilationH, dilationW));
        }
        if (groups != 1) {
            sb.append(", groups=").append(groups);
        }
        if (bias == null) {
            sb.append(", bias=False");
        }
        return sb.append(')').toString();
    }

    private static String pair(int h, int w) {
        return "(" + h + ", " + w + ")";
    }

    /** Settings of a {@link Conv2d}; every optional one starts at PyTorch's default. */
    public static final class Builder {
        private final int inChannels;
        private final int outChannels;
        private final int kernelH;
        private final int kernelW;
        private int strideH = 1;
        private int strideW = 1;
        private int padH;
        private int padW;
        private int dilationH = 1;
        private int dilationW = 1;
        private int groups = 1;
        private boolean bias = true;

        private Builder(int inChannels, int outChannels, int kernelH, int kernelW) {
            this.inChannels = inChannels;
            this.outChannels = outChannels;
            this.kernelH = kernelH;
            this.kernelW = kernelW;
        }

        /**
         * {@return this}
         *
         * @param stride step along both axes (default 1)
         */
        public Builder optStride(int stride) {
            return optStride(stride, stride);
        }

        /**
         * {@return this}
         *
         * @param h vertical step (default 1)
         * @param w horizontal step (default 1)
         */
        public Builder optStride(int h, int w) {
            this.strideH = h;
            this.strideW = w;
            return this;
        }

        /**
         * {@return this}
         *
         * @param padding zeros added on every side (default 0)
         */
        public Builder optPadding(int padding) {
            return optPadding(padding, padding);
        }

        /**
         * {@return this}
         *
         * @param h zero rows above and below (default 0)
         * @param w zero columns left and right (default 0)
         */
        public Builder optPadding(int h, int w) {
            this.padH = h;
            this.padW = w;
            return this;
        }

        /**
         * {@return this}
         *
         * @param dilation spacing between kernel taps along both axes (default 1)
         */
        public Builder optDilation(int dilation) {
            return optDilation(dilation, dilation);
        }

        /**
         * {@return this}
         *
         * @param h vertical tap spacing (default 1)
         * @param w horizontal tap spacing (default 1)
         */
        public Builder optDilation(int h, int w) {
            this.dilationH = h;
            this.dilationW = w;
            return this;
        }

        /**
         * {@return this}
         *
         * @param groups channel groups (default 1); in and out channels must divide by it, {@code groups = C_in}
         *               is a depthwise convolution
         */
        public Builder optGroups(int groups) {
            this.groups = groups;
            return this;
        }

        /**
         * {@return this}
         *
         * @param bias whether to learn an additive bias per output channel (default true)
         */
        public Builder optBias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /**
         * {@return the layer}
         *
         * @param backend where the parameters live
         * @param random source of the default initialization
         * @throws IllegalArgumentException when a setting is out of range
         */
        public Conv2d build(Backend backend, RandomGenerator random) {
            return new Conv2d(this, backend, random);
        }
    }

    @Override
    public void release() {
        output.free();
        inputGrad.free();
    }
}
