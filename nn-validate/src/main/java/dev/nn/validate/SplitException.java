package dev.nn.validate;

import dev.nn.api.NnException;

/**
 * A split, curve or search that cannot be made as asked. The message starts with scikit-learn's own text for the
 * same mistake (so users can search for it) and ends with the fix.
 */
public class SplitException extends NnException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with its message.
     *
     * @param message what was wrong, what was expected, how to fix it
     */
    public SplitException(String message) {
        super(message);
    }
}
