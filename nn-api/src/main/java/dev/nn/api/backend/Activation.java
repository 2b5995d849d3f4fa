package dev.nn.api.backend;

/**
 * Pointwise nonlinearities with PyTorch's definitions. Each takes one float parameter whose meaning is given per
 * constant (ignored where none is named).
 */
public enum Activation {
    /** {@code x}. */
    IDENTITY,
    /** {@code max(0, x)}; gradient 0 at 0, like PyTorch. */
    RELU,
    /**
     * {@code x > 0 ? x : param * x}; param = negative slope (PyTorch default 0.01). The gradient is 1 for
     * {@code x > 0} and {@code param} otherwise (at 0 too, as PyTorch).
     */
    LEAKY_RELU,
    /** {@code tanh(x)}. */
    TANH,
    /** {@code 1 / (1 + exp(-x))}. */
    SIGMOID,
    /** Exact GELU {@code x * Phi(x)} with the normal CDF (PyTorch {@code approximate='none'}). */
    GELU,
    /** {@code scale * (x > 0 ? x : alpha * (exp(x) - 1))} with PyTorch's alpha and scale constants. */
    SELU
}
