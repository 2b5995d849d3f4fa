package dev.nn.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AxisTest {
    @Test
    void linearTicksAreRoundStepsInsideTheRange() {
        Axis axis = Axis.linear(0.34, 1.2, false);
        assertEquals(List.of("0.4", "0.6", "0.8", "1.0", "1.2"), axis.labels());
        assertEquals(0, axis.fraction(axis.min()), 1e-12);
        assertEquals(1, axis.fraction(axis.max()), 1e-12);
        assertEquals(true, axis.min() < 0.34 && axis.max() > 1.2, "room around the data");
    }

    @Test
    void integerAxesNeverTickBetweenWholeNumbers() {
        assertEquals(List.of("1", "2", "3"), Axis.linear(1, 3, true).labels());
        assertEquals(List.of("2", "4", "6", "8", "10", "12"), Axis.linear(1, 12, true).labels());
    }

    @Test
    void aSingleValueGetsARangeAroundIt() {
        Axis axis = Axis.linear(5, 5, false);
        assertEquals(true, axis.min() < 5 && axis.max() > 5);
        assertEquals(0.5, axis.fraction(5), 1e-12);
    }

    @Test
    void negativeZeroIsLabelledZero() {
        assertEquals(List.of("-1.0", "-0.5", "0.0", "0.5", "1.0"), Axis.linear(-1, 1, false).labels());
    }

    @Test
    void logarithmicTicksArePowersOfTen() {
        Axis axis = Axis.logarithmic(2e-4, 0.6);
        assertEquals(List.of("1e-4", "1e-3", "0.01", "0.1", "1"), axis.labels());
        assertEquals(0.5, axis.fraction(Math.sqrt(1e-4)), 1e-12);
    }
}
