package dev.nn.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Student's t against scipy ({@code scipy.stats.t}, {@code scipy.special}; scipy 1.10 and 1.17 agree to these
 * tolerances).
 */
class StudentTTest {
    @Test
    void cdfMatchesScipyOnBothSidesOfTheContinuedFractionsSwitch() {
        // scipy.stats.t.cdf(t, df); small |t| puts x = df / (df + t^2) near 1, where I_x(a, b) uses the symmetry
        assertEquals(0.5388396407177959, StudentT.cdf(0.1, 10), 1e-12);
        assertEquals(0.5198889391290129, StudentT.cdf(0.05, 100), 1e-12);
        assertEquals(0.6742760175759245, StudentT.cdf(0.5, 3), 1e-12);
        assertEquals(0.3257239824240755, StudentT.cdf(-0.5, 3), 1e-12);
        assertEquals(0.8282818019310432, StudentT.cdf(1.0, 9), 1e-12);
        assertEquals(0.9419417382415922, StudentT.cdf(2.0, 4), 1e-12);
    }

    @Test
    void cdfBelowOneDegreeOfFreedomUsesTheGammaReflection() {
        // df < 1 gives a = df / 2 < 0.5, where ln Gamma needs the reflection formula; scipy.stats.t.cdf(t, df)
        assertEquals(0.5775704239347546, StudentT.cdf(0.3, 0.5), 1e-12);
        assertEquals(0.7460491046759459, StudentT.cdf(1.5, 0.5), 1e-12);
        assertEquals(0.17019427831956668, StudentT.cdf(-2.0, 0.8), 1e-12);
        // scipy.special.gammaln(x)
        assertEquals(1.0957979948180756, StudentT.lnGamma(0.3), 1e-13);
        assertEquals(1.5240638224307845, StudentT.lnGamma(0.2), 1e-13);
        assertEquals(0.2608672465316665, StudentT.lnGamma(0.7), 1e-13);
    }

    @Test
    void regularizedBetaMatchesScipy() {
        // scipy.special.betainc(a, b, x); I_x(2, 3) = 1 - (1-x)^3 (1 + 3x) = 0.9963 at x = 0.9 by hand too
        assertEquals(0.765121989772812, StudentT.regularizedBeta(0.2, 0.3, 2.0), 1e-13);
        assertEquals(0.9963, StudentT.regularizedBeta(0.9, 2.0, 3.0), 1e-13);
        assertEquals(0, StudentT.regularizedBeta(0, 2, 3));
        assertEquals(1, StudentT.regularizedBeta(1, 2, 3));
    }

    @Test
    void quantilesAtTheMedianAndInTheHeavyTail() {
        // the median of every t distribution is 0; scipy.stats.t.ppf(p, df) otherwise
        assertEquals(0, StudentT.quantile(0.5, 3), 1e-12);
        assertEquals(0.2671808657041451, StudentT.quantile(0.6, 5), 1e-10);
        assertEquals(164.55767348048818, StudentT.quantile(0.975, 0.5), 1e-6);
        assertEquals(5.009947959646406, StudentT.quantile(0.9, 0.7), 1e-9);
    }

    @Test
    void quantileRefusesProbabilitiesOutsideTheOpenInterval() {
        for (double p : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StudentT.quantile(p, 3));
            assertTrue(e.getMessage().contains("got p=" + p + ", df=3.0"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(0.9, 0));
        assertEquals("t quantile needs 0 < p < 1 and df > 0, got p=0.9, df=0.0", e.getMessage());
    }
}
