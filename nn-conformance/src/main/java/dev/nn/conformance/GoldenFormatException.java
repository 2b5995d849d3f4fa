package dev.nn.conformance;

import dev.nn.api.NnException;

/** A golden file lacks a field, has one of the wrong type, or a tensor whose data does not fit its shape. */
public class GoldenFormatException extends NnException {
    private static final long serialVersionUID = 1L;

    /**
     * An error naming the file and field.
     *
     * @param message the file, the field and what was expected
     */
    public GoldenFormatException(String message) {
        super(message);
    }
}
