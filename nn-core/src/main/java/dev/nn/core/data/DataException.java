package dev.nn.core.data;

import dev.nn.api.NnException;

/** A data file is malformed or a dataset operation got bad arguments; the message says where and how to fix it. */
public class DataException extends NnException {
    private static final long serialVersionUID = 1L;

    /**
     * A data error with its message.
     *
     * @param message what was wrong (file, line, column or byte offset), what was expected, how to fix it
     */
    public DataException(String message) {
        super(message);
    }

    /**
     * A data error with its cause.
     *
     * @param message what was wrong, what was expected, how to fix it
     * @param cause the underlying failure
     */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
