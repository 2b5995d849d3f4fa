package dev.nn.init;

import dev.nn.api.NnException;

/** An initializer, fan or gain request that cannot be honoured; the message says what was wrong and how to fix it. */
public class InitException extends NnException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with its message.
     *
     * @param message what was wrong, what was expected, how to fix it
     */
    public InitException(String message) {
        super(message);
    }
}
