package dev.nn.validate;

import dev.nn.api.PythonFloats;

/**
 * A split size as scikit-learn takes it: a fraction of the samples in (0, 1) or an absolute count. The two are
 * kept apart on purpose: {@code 1.0} and {@code 1} mean different things to scikit-learn, and so they do here.
 */
public sealed interface SizeSpec permits SizeSpec.Fraction, SizeSpec.Count {
    /**
     * {@return the size}
     *
     * @param value a fraction in (0, 1)
     */
    static SizeSpec fraction(double value) {
        return new Fraction(value);
    }

    /**
     * {@return the size}
     *
     * @param value a number of samples
     */
    static SizeSpec count(int value) {
        return new Count(value);
    }

    /** {@return the value as scikit-learn prints it ({@code 0.25}, {@code 3})} */
    String text();

    /**
     * A fraction of the samples.
     *
     * @param value in (0, 1)
     */
    record Fraction(double value) implements SizeSpec {
        @Override
        public String text() {
            return PythonFloats.repr(value);
        }
    }

    /**
     * An absolute number of samples.
     *
     * @param value in (0, n)
     */
    record Count(int value) implements SizeSpec {
        @Override
        public String text() {
            return Integer.toString(value);
        }
    }
}
