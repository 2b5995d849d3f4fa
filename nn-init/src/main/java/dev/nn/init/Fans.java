package dev.nn.init;

import dev.nn.api.tensor.Shape;

/**
 * PyTorch's {@code _calculate_fan_in_and_fan_out} for a weight shaped {@code (out, in, *kernel)}:
 * {@code fan_in = in * receptive}, {@code fan_out = out * receptive}, {@code receptive = prod(kernel)}.
 *
 * @param fanIn inputs feeding each output unit
 * @param fanOut outputs each input unit feeds
 * @param receptiveFieldSize product of the kernel dimensions (1 for a Linear weight)
 */
public record Fans(int fanIn, int fanOut, int receptiveFieldSize) {
    /**
     * {@return its fans}
     *
     * @param shape a weight shape of rank >= 2
     * @throws InitException for rank 0 or 1, with PyTorch's text
     */
    public static Fans of(Shape shape) {
        if (shape.rank() < 2) {
            throw new InitException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"
                    + " (got shape " + shape + "); fans need a weight shaped (out_features, in_features) or"
                    + " (out_channels, in_channels, *kernel), so use a constant or uniform initializer for it instead");
        }
        int receptive = shape.product(2, shape.rank());
        return new Fans(shape.dim(1) * receptive, shape.dim(0) * receptive, receptive);
    }

    /**
     * {@return its fans}
     *
     * @param dims a weight shape
     */
    public static Fans of(int... dims) {
        return of(Shape.of(dims));
    }

    /**
     * {@return {@code fan_in}, {@code fan_out} or their mean (a double, as Keras computes it)}
     *
     * @param mode which fan
     */
    public double fan(FanMode mode) {
        return switch (mode) {
            case FAN_IN -> fanIn;
            case FAN_OUT -> fanOut;
            case FAN_AVG -> (fanIn + fanOut) / 2.0;
        };
    }
}
