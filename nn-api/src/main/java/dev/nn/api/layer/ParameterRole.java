package dev.nn.api.layer;

/**
 * What a parameter does in its layer. Initializers choose by role (He for weights, zeros for biases) and weight
 * decay skips biases and normalization parameters by default.
 */
public enum ParameterRole {
    /** A weight of a Linear or convolution layer (rank >= 2). */
    WEIGHT,
    /** An additive bias. */
    BIAS,
    /** A normalization layer's scale (gamma). */
    NORM_SCALE,
    /** A normalization layer's shift (beta). */
    NORM_SHIFT
}
