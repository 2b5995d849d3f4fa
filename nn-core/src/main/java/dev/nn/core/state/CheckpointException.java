package dev.nn.core.state;

import dev.nn.api.NnException;

/** A checkpoint could not be written, read or applied; the message names the file, tensor and offset. */
public class CheckpointException extends NnException {
    private static final long serialVersionUID = 1L;

    /**
     * A checkpoint error with its message.
     *
     * @param message what was wrong, what was expected, how to fix it
     */
    public CheckpointException(String message) {
        super(message);
    }

    /**
     * A checkpoint error with its cause.
     *
     * @param message what was wrong, what was expected, how to fix it
     * @param cause the underlying failure
     */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
