package dev.nn.host.scalar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.backend.NoiseKey;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scalar kernels against the random contract written out draw by draw: {@code NoiseKey.word(d)} (one Philox
 * block per draw, no caching) and the threshold rule, at sizes around the 4-draw block boundaries.
 */
class ScalarDropoutKernelsTest {
    private final Backend b = Backends.select("scalar");
    private final NoiseKey key = new NoiseKey(0xC0FFEEL, 5, 17);

    private Tensor random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-2, 2);
        }
        return b.tensor(Shape.of(n), v);
    }

    private boolean kept(long draw, double p) {
        return (key.word(draw) >>> 8) >= (int) Math.round(p * (1 << 24));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 13, 127, 1000})
    void forwardBackwardAndMaskFollowTheContractDrawByDraw(int n) {
        double p = 0.3;
        float scale = (float) (1 / 0.7);
        for (int group : new int[] {1, n}) {
            Tensor x = random(n, n);
            Tensor y = b.zeros(x.shape());
            Tensor dx = b.zeros(x.shape());
            Tensor mask = b.zeros(x.shape());
            b.dropout().bernoulliForward(y, x, key, p, group);
            b.dropout().bernoulliBackward(dx, x, key, p, group);
            b.dropout().keepMask(mask, key, p, group, 0);
            float[] xs = x.toArray();
            for (int i = 0; i < n; i++) {
                float m = kept(i / group, p) ? scale : 0f;
                assertEquals(xs[i] * m, y.toArray()[i], "y " + i + " group " + group);
                assertEquals(0f + xs[i] * m, dx.toArray()[i], "dx " + i + " group " + group);
                assertEquals(m != 0f ? 1f : 0f, mask.toArray()[i], "mask " + i + " group " + group);
            }
        }
    }

    @Test
    void maskOfARangeStartsAtItsFirstElement() {
        Tensor mask = b.zeros(Shape.of(11));
        b.dropout().keepMask(mask, key, 0.5, 3, 6);
        for (int i = 0; i < 11; i++) {
            assertEquals(kept((6 + i) / 3, 0.5) ? 1f : 0f, mask.toArray()[i], "element " + i);
        }
    }

    @Test
    void normalNoiseIsBoxMullerOnWordPairs() {
        Tensor z = b.zeros(Shape.of(13));
        b.dropout().normalNoise(z, key, 1f, 0.5f, 5);
        for (int i = 0; i < 13; i++) {
            long d = 5 + i;
            long pairStart = d & ~1L;               // draws 2j and 2j+1 share words (2j, 2j+1) of their block
            double u1 = ((key.word(pairStart) & 0xFFFF_FFFFL) + 0.5) / 4294967296.0;
            double u2 = ((key.word(pairStart + 1) & 0xFFFF_FFFFL) + 0.5) / 4294967296.0;
            double r = Math.sqrt(-2 * Math.log(u1));
            double expected = (d & 1) == 0 ? r * Math.cos(2 * Math.PI * u2) : r * Math.sin(2 * Math.PI * u2);
            assertEquals(1f + 0.5f * (float) expected, z.toArray()[i], "draw " + d);
        }
    }

    @Test
    void alphaDropoutUsesPyTorchsFloat32Constants() {
        // kept x = 1.5 and dropped values for p = 0.3 as torch.nn.functional.alpha_dropout gives them
        Tensor x = b.tensor(Shape.of(64), filled(64, 1.5f));
        Tensor y = b.zeros(x.shape());
        b.dropout().alphaForward(y, x, key, 0.3, 1);
        for (int i = 0; i < 64; i++) {
            assertEquals(kept(i, 0.3) ? 1.745521f : -1.0595483f, y.toArray()[i], "element " + i);
        }
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void penaltyKernels() {
        Tensor w = b.tensor(Shape.of(2, 2), new float[] {3f, -4f, 0f, 0.5f});
        assertEquals(7.5, b.dropout().absSum(w), 0);
        Tensor g = b.tensor(Shape.of(2, 2), new float[] {1f, 1f, 1f, 1f});
        b.dropout().signAxpy(g, 0.25f, w);
        assertArrayEquals(new float[] {1.25f, 0.75f, 1f, 1.25f}, g.toArray());
        b.dropout().maxNormRows(w, 2, 2, 1f, 0f);
        assertArrayEquals(new float[] {0.6f, -0.8f, 0f, 0.5f}, w.toArray(), 1e-7f);
        assertThrows(ShapeException.class, () -> b.dropout().maxNormRows(w, 3, 2, 1f, 0f));
        assertThrows(ShapeException.class,
                () -> b.dropout().bernoulliForward(b.zeros(Shape.of(6)), b.zeros(Shape.of(6)), key, 0.5, 4));
    }
}
