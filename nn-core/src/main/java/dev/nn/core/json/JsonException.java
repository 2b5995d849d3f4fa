package dev.nn.core.json;

import dev.nn.api.NnException;

/** Malformed JSON, or a value of the wrong type where a document was read; the message gives line and column. */
public class JsonException extends NnException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with its message.
     *
     * @param message what is wrong and where
     */
    public JsonException(String message) {
        super(message);
    }
}
