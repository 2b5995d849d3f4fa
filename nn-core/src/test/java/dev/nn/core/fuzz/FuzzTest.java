package dev.nn.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FuzzTest {
    @Test
    void everyTryIsCheckedWithItsOwnSeed() {
        List<Long> drawn = new ArrayList<>();
        new Fuzz(5, 100).forAll(SplittableRandom::nextLong, drawn::add);
        List<Long> expected = new ArrayList<>();
        for (long seed = 100; seed < 105; seed++) {
            expected.add(new SplittableRandom(seed).nextLong());
        }
        assertEquals(expected, drawn);
    }

    @Test
    void aFailureNamesTheTryItsSeedItsInputAndHowToRerunIt() {
        List<byte[]> drawn = new ArrayList<>();
        IllegalStateException broken = new IllegalStateException("broken");
        AssertionError failure = null;
        try {  // called from the test method itself, which the message names
            new Fuzz(10, 100).forAll(r -> new byte[] {1, (byte) 0xff}, file -> {
                drawn.add(file);
                if (drawn.size() == 4) {
                    throw broken;
                }
            });
        } catch (AssertionError e) {
            failure = e;
        }
        assertNotNull(failure, "a property that throws fails");
        assertEquals(4, drawn.size(), "the first failure ends the run");
        assertSame(broken, failure.getCause());
        assertEquals("""
                FuzzTest.aFailureNamesTheTryItsSeedItsInputAndHowToRerunIt failed on try 4 of 10, seed 103 \
                (nn.fuzz.seed 100 + 3)
                  input: 2 bytes 01 ff
                  rerun this input alone: -Dtest='FuzzTest#aFailureNamesTheTryItsSeedItsInputAndHowToRerunIt' \
                -Dnn.fuzz.seed=103 -Dnn.fuzz.tries=1""", failure.getMessage());
    }

    @Test
    void theReportedSeedAloneDrawsTheFailingInputAgain() {
        List<byte[]> run = new ArrayList<>();
        new Fuzz(8, 7).forAll(HostileBytes::any, run::add);
        List<byte[]> rerun = new ArrayList<>();
        new Fuzz(1, 7 + 5).forAll(HostileBytes::any, rerun::add);
        assertArrayEquals(run.get(5), rerun.getFirst());
    }

    @Test
    void inputsAreShownShortAndPrintable() {
        assertEquals("5 chars \"a\\\"\\n\\u0001\\u00e9\"", Fuzz.describe("a\"\n\u0001\u00e9"));
        assertEquals("3 bytes 00 7f 80", Fuzz.describe(new byte[] {0, 0x7f, (byte) 0x80}));
        String hundredBytes = Fuzz.describe(new byte[100]);
        assertTrue(hundredBytes.startsWith("100 bytes 00 00"), hundredBytes);
        assertTrue(hundredBytes.endsWith("00 … (36 more)"), hundredBytes);
        assertEquals("[1 chars \"x\", true]", Fuzz.describe(List.of("x", true)));
    }

    @Test
    void fewerThanOneTryIsRefused() {
        var refused = assertThrows(IllegalArgumentException.class, () -> new Fuzz(0, 1));
        assertEquals("nn.fuzz.tries must be at least 1, got 0", refused.getMessage());
    }
}
