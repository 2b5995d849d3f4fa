package dev.nn.api;

import java.math.BigDecimal;

/**
 * Python's {@code repr(float)}, so that messages quoting a number read exactly as PyTorch's and scikit-learn's do:
 * {@code 0.1 + 0.2} is {@code 0.30000000000000004}, {@code 1e-5} is {@code 1e-05}, {@code 100} is {@code 100.0}.
 */
public final class PythonFloats {
    private PythonFloats() {
    }

    /**
     * {@return Python's spelling of {@code x}: the shortest digits that round-trip (as {@link Double#toString}
     * gives them), positional for {@code 1e-4 <= |x| < 1e16}, else a mantissa with an exponent of at least two
     * digits; {@code nan}, {@code inf}, {@code -inf}, {@code -0.0} as Python writes them}
     *
     * @param x a value
     */
    public static String repr(double x) {
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
