package dev.nn.api.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Known-answer vectors of Random123 ({@code kat_vectors}, philox4x32 with 10 rounds). */
class Philox4x32Test {
    private static int[] philox(int c0, int c1, int c2, int c3, int k0, int k1) {
        int[] out = new int[4];
        Philox4x32.block(c0, c1, c2, c3, k0, k1, out);
        return out;
    }

    @Test
    void zeroCounterZeroKey() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, philox(0, 0, 0, 0, 0, 0));
    }

    @Test
    void allOnes() {
        int f = 0xffffffff;
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, philox(f, f, f, f, f, f));
    }

    @Test
    void digitsOfPi() {
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                philox(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    @Test
    void noiseKeyMapsSeedToKeyAndBlockStreamStepToCounter() {
        NoiseKey key = new NoiseKey(0x299f31d0_a4093822L, 0x13198a2e, 0x03707344);
        int[] out = new int[4];
        key.block(0x85a308d3_243f6a88L, out);
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}, out);
    }

    @Test
    void drawDUsesWordDMod4OfBlockDDiv4() {
        NoiseKey key = new NoiseKey(0, 0, 0);
        int[] block0 = {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8};
        for (int w = 0; w < 4; w++) {
            assertEquals(block0[w], key.word(w), "draw " + w);
        }
        int[] block5 = philox(5, 0, 0, 0, 0, 0);
        assertEquals(block5[2], key.word(22));
    }

    @Test
    void dropThresholdAndScaleFollowTheContract() {
        assertEquals(0, DropoutKernels.dropThreshold(0.0));
        assertEquals(1 << 23, DropoutKernels.dropThreshold(0.5));
        assertEquals(1 << 24, DropoutKernels.dropThreshold(1.0));
        assertTrue(DropoutKernels.kept(0, 0), "p = 0 keeps everything");
        assertTrue(!DropoutKernels.kept(-1, 1 << 24), "p = 1 drops everything");
        assertEquals(1.1111111640930176f, DropoutKernels.scale(0.1));
        assertEquals(10.0f, DropoutKernels.scale(0.9));
    }
}
