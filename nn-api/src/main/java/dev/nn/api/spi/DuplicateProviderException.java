package dev.nn.api.spi;

import dev.nn.api.NnException;

/** Two providers of one kind share a name; the message names both modules. */
public class DuplicateProviderException extends NnException {
    private static final long serialVersionUID = 1L;

    /**
     * An error naming the duplicate.
     *
     * @param message the name and both origins
     */
    public DuplicateProviderException(String message) {
        super(message);
    }
}
