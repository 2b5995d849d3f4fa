package dev.nn.init;

/**
 * The bounds and standard deviations PyTorch's {@code torch.nn.init} hands to {@code uniform_}/{@code normal_},
 * computed in the same order of operations so they agree to the last bit: Xavier
 * {@code std = gain * sqrt(2 / (fan_in + fan_out))}, Kaiming {@code std = gain / sqrt(fan)}, and
 * {@code bound = sqrt(3) * std} for both.
 */
public final class Scales {
    private static final double SQRT3 = Math.sqrt(3.0);

    private Scales() {
    }

    /**
     * {@return Xavier/Glorot normal std}
     *
     * @param fans the weight's fans
     * @param gain the gain
     */
    public static double xavierStd(Fans fans, double gain) {
        return gain * Math.sqrt(2.0 / (double) (fans.fanIn() + fans.fanOut()));
    }

    /**
     * {@return Xavier/Glorot uniform bound}
     *
     * @param fans the weight's fans
     * @param gain the gain
     */
    public static double xavierBound(Fans fans, double gain) {
        return SQRT3 * xavierStd(fans, gain);
    }

    /**
     * {@return Kaiming/He normal std}
     *
     * @param fans the weight's fans
     * @param mode {@link FanMode#FAN_IN} or {@link FanMode#FAN_OUT}
     * @param gain the gain, usually {@code Gain.of(nonlinearity, a)}
     */
    public static double kaimingStd(Fans fans, FanMode mode, double gain) {
        return gain / Math.sqrt(fans.fan(mode));
    }

    /**
     * {@return Kaiming/He uniform bound}
     *
     * @param fans the weight's fans
     * @param mode {@link FanMode#FAN_IN} or {@link FanMode#FAN_OUT}
     * @param gain the gain
     */
    public static double kaimingBound(Fans fans, FanMode mode, double gain) {
        return SQRT3 * kaimingStd(fans, mode, gain);
    }

    /**
     * The bias bound of PyTorch's {@code nn.Linear}/{@code nn.Conv*} {@code reset_parameters}:
     * {@code 1 / sqrt(fan_in)}, or 0 for a weight without inputs.
     *
     * @param fans the layer weight's fans
     * @return the bound of the uniform bias draw
     */
    public static double defaultBiasBound(Fans fans) {
        return fans.fanIn() > 0 ? 1 / Math.sqrt(fans.fanIn()) : 0;
    }
}
