package dev.nn.api;

/**
 * Base of every exception nn throws on purpose. Unchecked, like PyTorch's {@code RuntimeError}/{@code ValueError}.
 * Messages state the offending value, the rule it broke and how to fix it.
 */
public class NnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with its message.
     *
     * @param message what was wrong, what was expected, how to fix it
     */
    public NnException(String message) {
        super(message);
    }

    /**
     * An error with its cause.
     *
     * @param message what was wrong, what was expected, how to fix it
     * @param cause the underlying failure
     */
    public NnException(String message, Throwable cause) {
        super(message, cause);
    }
}
