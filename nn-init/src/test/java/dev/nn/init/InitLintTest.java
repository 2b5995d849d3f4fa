package dev.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.layer.Layer;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.ReLU;
import dev.nn.core.layer.Sequential;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The symmetry lint: constant or row-identical weights feeding more than one unit. */
class InitLintTest {
    private static final SplittableRandom R = new SplittableRandom(3);

    @Test
    void randomWeightsPass() {
        Layer m = new Sequential(new Linear(Samples.BACKEND, 5, 4, R), new ReLU(),
                new Linear(Samples.BACKEND, 4, 2, R));
        assertEquals(List.of(), InitLint.check(m, LintMode.STRICT));
    }

    @Test
    void constantWeightFeedingSeveralUnitsIsTheSymmetryProblem() {
        Linear l = new Linear(Samples.BACKEND, 5, 4, R);
        l.weight().set(new float[20]);
        List<LintFinding> f = InitLint.check(new Sequential(l, new ReLU()), LintMode.WARN);
        assertEquals(1, f.size());
        assertEquals("0.weight", f.getFirst().parameter());
        assertTrue(f.getFirst().constant());
        assertTrue(f.getFirst().message().contains("all 4 units it feeds compute the same output and get the same"
                + " gradient"), f.getFirst().message());
    }

    @Test
    void identicalRowsAreFoundEvenWhenNotConstant() {
        Linear l = new Linear(Samples.BACKEND, 3, 2, R);
        l.weight().set(new float[] {0.1f, -0.2f, 0.3f, 0.1f, -0.2f, 0.3f});
        List<LintFinding> f = InitLint.findings(l);
        assertEquals(1, f.size());
        assertFalse(f.getFirst().constant());
        assertTrue(f.getFirst().message().contains("identical rows"), f.getFirst().message());
    }

    @Test
    void aSingleUnitOrAConstantBiasIsNotSymmetric() {
        Linear single = new Linear(Samples.BACKEND, 6, 1, R);
        single.weight().set(new float[6]);
        Linear withZeroBias = new Linear(Samples.BACKEND, 3, 3, R);
        withZeroBias.bias().set(new float[3]);
        assertEquals(List.of(), InitLint.findings(new Sequential(withZeroBias, single)));
    }

    @Test
    void offChecksNothing() {
        Linear l = new Linear(Samples.BACKEND, 5, 4, R);
        l.weight().set(new float[20]);
        assertEquals(List.of(), InitLint.check(l, LintMode.OFF));
    }
}
