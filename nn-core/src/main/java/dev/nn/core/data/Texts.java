package dev.nn.core.data;

/** Helpers for messages that echo what a file holds. */
final class Texts {
    /** How much of a value a message echoes. */
    static final int ECHO = 40;

    private Texts() {
    }

    /**
     * @param value text from a file, of any length
     * @return the value, or its first {@value #ECHO} characters and its length when longer ({@code abc…(52428800
     *         chars)}), so one huge cell does not become a huge message
     */
    static String clip(String value) {
        if (value.length() <= ECHO) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(ECHO - 1)) ? ECHO - 1 : ECHO;
        return value.substring(0, end) + "…(" + value.length() + " chars)";
    }
}
