package dev.nn.validate;

import java.math.BigDecimal;

/** Python's {@code repr(float)}, so messages read exactly like scikit-learn's. */
final class PyFormat {
    private PyFormat() {
    }

    /**
     * @param d a double
     * @return Python's repr: shortest round-trip digits, exponent form below 1e-4 or from 1e16
     */
    static String repr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        // Java's Double.toString already gives the shortest round-trip digits (JDK 19+); only the layout differs.
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = b.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - b.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = b.abs().toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }
}
