package dev.nn.init;

import java.util.Locale;
import java.util.Optional;

/**
 * PyTorch's {@code torch.nn.init.calculate_gain}: the factor that keeps the activation variance stable through a
 * nonlinearity. Linear and convolution layers and sigmoid: 1; tanh: 5/3; relu: sqrt(2);
 * leaky_relu: sqrt(2 / (1 + slope^2)) (slope 0.01 when no parameter is given); selu: 3/4.
 */
public final class Gain {
    private static final String SUPPORTED = "linear, conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d, "
            + "conv_transpose3d, sigmoid, tanh, relu, leaky_relu, selu";

    private Gain() {
    }

    /**
     * {@return its gain with the default parameter}
     *
     * @param nonlinearity a PyTorch function name, e.g. {@code relu}
     */
    public static double of(String nonlinearity) {
        return of(nonlinearity, null);
    }

    /**
     * {@return the gain}
     *
     * @param nonlinearity a PyTorch function name, e.g. {@code leaky_relu}
     * @param param the negative slope for {@code leaky_relu} (a {@link Number}, or null for 0.01); ignored otherwise
     * @throws InitException for an unknown name or a parameter that is not a number
     */
    public static double of(String nonlinearity, Object param) {
        return switch (nonlinearity == null ? "None" : nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
                 "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> {
                double slope = negativeSlope(param);
                yield Math.sqrt(2.0 / (1 + slope * slope));
            }
            case "selu" -> 3.0 / 4;
            default -> throw new InitException("Unsupported nonlinearity " + nonlinearity + "; supported: "
                    + SUPPORTED);
        };
    }

    /**
     * The nonlinearity name a layer kind stands for, so gains can follow the layer that comes next.
     *
     * @param layerKind a {@code Layer.kind()} such as {@code ReLU}, {@code Tanh}, {@code LeakyReLU}
     * @return {@code relu}, {@code tanh}, {@code sigmoid}, {@code leaky_relu} or {@code selu}; empty for a kind that
     *     is not one of these activations
     */
    public static Optional<String> nonlinearityOf(String layerKind) {
        if (layerKind == null) {
            return Optional.empty();
        }
        return switch (layerKind.toLowerCase(Locale.ROOT)) {
            case "relu" -> Optional.of("relu");
            case "tanh" -> Optional.of("tanh");
            case "sigmoid" -> Optional.of("sigmoid");
            case "leakyrelu", "leaky_relu" -> Optional.of("leaky_relu");
            case "selu" -> Optional.of("selu");
            default -> Optional.empty();
        };
    }

    private static double negativeSlope(Object param) {
        if (param == null) {
            return 0.01;
        }
        if (param instanceof Number n) {
            return n.doubleValue();
        }
        throw new InitException("negative_slope " + pythonText(param) + " not a valid number; pass the leaky_relu"
                + " slope as a number (e.g. 0.2) or null for the default 0.01");
    }

    // Python spells booleans True/False; keep PyTorch's message verbatim
    private static String pythonText(Object value) {
        return value instanceof Boolean b ? (b ? "True" : "False") : String.valueOf(value);
    }
}
