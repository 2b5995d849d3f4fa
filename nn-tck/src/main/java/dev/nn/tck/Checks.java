package dev.nn.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Locale;
import org.junit.jupiter.api.function.Executable;

/** The kit's comparisons: bit-identical, or within a relative tolerance with NaN and infinities matched exactly. */
final class Checks {
    private Checks() {
    }

    /**
     * Bit-identical values: NaN equals NaN, -0.0 differs from 0.0.
     *
     * @param want expected
     * @param got actual
     * @param what names the check in the failure message
     */
    static void assertBitwise(float[] want, float[] got, String what) {
        assertArrayEquals(want, got, what);
    }

    /**
     * {@code |got - want| <= rtol * (|want| + scale)} elementwise, where {@code scale} is the typical magnitude of
     * the terms behind a value (so that values from cancelling sums are not held to a relative error they cannot
     * have); NaN only where NaN is expected, infinities equal. -0.0 and 0.0 count as equal.
     *
     * @param want expected
     * @param got actual
     * @param rtol relative tolerance
     * @param scale magnitude added to |want|
     * @param what names the check in the failure message
     */
    static void assertClose(float[] want, float[] got, double rtol, double scale, String what) {
        assertEquals(want.length, got.length, what + ": number of values");
        for (int i = 0; i < want.length; i++) {
            assertClose(want[i], got[i], rtol, scale, what + ": element " + i + " of " + want.length);
        }
    }

    /**
     * One value, as {@link #assertClose(float[], float[], double, double, String)}.
     *
     * @param want expected
     * @param got actual
     * @param rtol relative tolerance
     * @param scale magnitude added to |want|
     * @param what names the check in the failure message
     */
    static void assertClose(double want, double got, double rtol, double scale, String what) {
        if (Double.isNaN(want) || Double.isNaN(got)) {
            if (!(Double.isNaN(want) && Double.isNaN(got))) {
                fail(what + ": want " + want + ", got " + got);
            }
            return;
        }
        if (Double.isInfinite(want) || Double.isInfinite(got)) {
            if (want != got) {
                fail(what + ": want " + want + ", got " + got);
            }
            return;
        }
        double tolerance = rtol * (Math.abs(want) + scale);
        double difference = Math.abs(want - got);
        if (!(difference <= tolerance)) {
            fail(what + ": want " + want + ", got " + got + ", |difference| " + difference + " > tolerance "
                    + tolerance);
        }
    }

    /**
     * The call fails with an {@link IllegalStateException} whose message contains a word.
     *
     * @param call the use that must fail
     * @param word a word the message must contain, case-insensitively ("freed", "closed")
     * @param what names the check
     */
    static void assertFailsSaying(Executable call, String word, String what) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call,
                what + " must fail with IllegalStateException");
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        assertTrue(message.contains(word), what + ": the message must say '" + word + "', got: " + e.getMessage());
    }
}
