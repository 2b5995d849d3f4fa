package dev.nn.api.spi;

import dev.nn.api.NnException;

/** No provider matches a request; the message lists what is installed and why each unusable one is unusable. */
public class ProviderNotFoundException extends NnException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with its message.
     *
     * @param message the request, what exists, the fix
     */
    public ProviderNotFoundException(String message) {
        super(message);
    }
}
