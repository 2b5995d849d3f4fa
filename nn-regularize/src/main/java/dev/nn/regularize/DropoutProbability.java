package dev.nn.regularize;

import java.math.BigDecimal;

/** The range check every dropout layer shares, with PyTorch's message. */
final class DropoutProbability {
    private DropoutProbability() {
    }

    /**
     * @param p a drop probability
     * @param layer the layer kind, for the message
     * @return p
     * @throws IllegalArgumentException when p is outside [0, 1] or NaN
     */
    static double require(double p, String layer) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got "
                    + pythonRepr(p) + " (" + layer + ": p is the probability of DROPPING a unit; use e.g. 0.5, or 0.0 "
                    + "to disable)");
        }
        return p;
    }

    /**
     * Python's {@code repr(float)}, so the message reads exactly as PyTorch's: the same shortest round-trip digits
     * as {@link Double#toString(double)}, positional for {@code 1e-4 <= |x| < 1e16}, else {@code 1e-05} style.
     *
     * @param x a value
     * @return its Python spelling
     */
    static String pythonRepr(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0.0) {
            return 1.0 / x < 0 ? "-0.0" : "0.0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        double magnitude = Math.abs(x);
        if (magnitude >= 1e-4 && magnitude < 1e16) {
            String plain = shortest.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (x < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }
}
