package dev.nn.init;

import java.util.Locale;

/**
 * Which fan scales an initializer: PyTorch's {@code mode} ({@code fan_in}, {@code fan_out}) and Keras' {@code fan_avg}.
 */
public enum FanMode {
    /** Inputs per unit: preserves the variance of activations in the forward pass. */
    FAN_IN,
    /** Outputs per unit: preserves the variance of gradients in the backward pass. */
    FAN_OUT,
    /** The mean of both (Keras' {@code fan_avg}, the Glorot compromise). */
    FAN_AVG;

    /** {@return the name used in parameters: {@code fan_in}, {@code fan_out}, {@code fan_avg}} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * PyTorch's Kaiming modes, case-insensitive like {@code _calculate_correct_fan}.
     *
     * @param mode {@code fan_in} or {@code fan_out}
     * @return the mode
     * @throws InitException with PyTorch's text for anything else
     */
    public static FanMode kaiming(String mode) {
        String m = mode == null ? "None" : mode.toLowerCase(Locale.ROOT);
        return switch (m) {
            case "fan_in" -> FAN_IN;
            case "fan_out" -> FAN_OUT;
            default -> throw new InitException("Mode " + mode
                    + " not supported, please use one of ['fan_in', 'fan_out']");
        };
    }

    /**
     * Keras' {@code VarianceScaling} modes.
     *
     * @param mode {@code fan_in}, {@code fan_out} or {@code fan_avg}
     * @return the mode
     * @throws InitException for anything else
     */
    public static FanMode varianceScaling(String mode) {
        String m = mode == null ? "None" : mode.toLowerCase(Locale.ROOT);
        return switch (m) {
            case "fan_in" -> FAN_IN;
            case "fan_out" -> FAN_OUT;
            case "fan_avg" -> FAN_AVG;
            default -> throw new InitException("Invalid mode '" + mode
                    + "' for variance_scaling; use one of fan_in, fan_out, fan_avg");
        };
    }
}
