package dev.nn.api.spi;

import java.util.Objects;

/**
 * Whether a provider can run here, and if not, why.
 *
 * @param available it can be created
 * @param reason why not (empty when available), with the fix where there is one
 */
public record Availability(boolean available, String reason) {
    private static final Availability YES = new Availability(true, "");

    /** Requires a reason exactly when unavailable. */
    public Availability {
        Objects.requireNonNull(reason, "reason");
        if (!available && reason.isBlank()) {
            throw new IllegalArgumentException("An unavailable provider must say why");
        }
    }

    /** {@return available} */
    public static Availability yes() {
        return YES;
    }

    /**
     * {@return unavailable}
     *
     * @param reason why not, with the fix
     */
    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
