package dev.nn.api;

/** A tensor's shape, rank or size does not fit what an operation or layer needs. */
public class ShapeException extends NnException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with its message.
     *
     * @param message what was wrong, what was expected, how to fix it
     */
    public ShapeException(String message) {
        super(message);
    }
}
