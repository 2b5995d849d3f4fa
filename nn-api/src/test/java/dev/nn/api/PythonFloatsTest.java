package dev.nn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PythonFloatsTest {
    @Test
    void spellsEveryKindOfFloatAsPythonDoes() {
        // CPython 3: repr(x) for each x
        String[][] spelled = {{"nan", "NaN"}, {"inf", "Infinity"}, {"-inf", "-Infinity"}, {"0.0", "0.0"},
            {"-0.0", "-0.0"}, {"0.0001", "1.0E-4"}, {"-9.9e-05", "-9.9E-5"}, {"9.9e-05", "9.9E-5"},
            {"1e-09", "1.0E-9"}, {"1e-10", "1.0E-10"}, {"1e+16", "1.0E16"}, {"9999999999999998.0",
            "9.999999999999998E15"}, {"1234567890123456.0", "1.234567890123456E15"}, {"-2.5e+300", "-2.5E300"},
            {"-2.5e-07", "-2.5E-7"}, {"0.25", "0.25"}, {"0.5", "0.5"}, {"3.0", "3.0"}, {"100.0", "100"}};
        for (String[] pair : spelled) {
            assertEquals(pair[0], PythonFloats.repr(Double.parseDouble(pair[1])), pair[1]);
        }
    }

    @Test
    void arithmeticResultsKeepTheirShortestRoundTripDigits() {
        // CPython 3: repr(0.6 + 0.6), repr(0.1 + 0.2)
        assertEquals("1.2", PythonFloats.repr(0.6 + 0.6));
        assertEquals("0.30000000000000004", PythonFloats.repr(0.1 + 0.2));
    }
}
