package dev.nn.regularize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nn.api.backend.Backends;
import dev.nn.api.backend.CountingBackend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.HostStorage;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A steady-state training step allocates nothing on the backend and moves nothing between it and the host: every
 * dropout and noise layer keeps its output, input gradient and noise in buffers it reuses, also for the smaller last
 * batch of an epoch. Reusing the buffers changes no bit of what the layers compute.
 */
class SteadyStateStepTest {
    private static final long SEED = 0x5EED_2026L;

    /**
     * @param name for the report
     * @param build the layer, drawing from a noise source
     * @param batch the full batch's shape
     * @param smaller a smaller batch's shape (an epoch's last)
     * @param passesGradient whether backward returns its gradOutput unchanged (additive noise)
     */
    record Case(String name, Function<NoiseSource, Layer> build, int[] batch, int[] smaller,
                boolean passesGradient) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("Dropout(0.3)", s -> new Dropout(0.3, s), new int[] {4, 6}, new int[] {2, 6}, false),
                new Case("Dropout(1.0)", s -> new Dropout(1.0, s), new int[] {4, 6}, new int[] {2, 6}, false),
                new Case("AlphaDropout(0.2)", s -> new AlphaDropout(0.2, s), new int[] {4, 6}, new int[] {1, 6},
                        false),
                new Case("AlphaDropout(1.0)", s -> new AlphaDropout(1.0, s), new int[] {4, 6}, new int[] {1, 6},
                        false),
                new Case("FeatureAlphaDropout(0.25)", s -> new FeatureAlphaDropout(0.25, s),
                        new int[] {3, 4, 2, 3}, new int[] {1, 4, 2, 3}, false),
                new Case("Dropout1d(0.4)", s -> new Dropout1d(0.4, s), new int[] {3, 4, 5}, new int[] {2, 4, 5},
                        false),
                new Case("Dropout2d(0.4)", s -> new Dropout2d(0.4, s), new int[] {3, 4, 2, 3},
                        new int[] {1, 4, 2, 3}, false),
                new Case("Dropout3d(0.4)", s -> new Dropout3d(0.4, s), new int[] {2, 3, 2, 2, 2},
                        new int[] {1, 3, 2, 2, 2}, false),
                new Case("GaussianDropout(0.3)", s -> new GaussianDropout(0.3, s), new int[] {4, 6},
                        new int[] {2, 6}, false),
                new Case("GaussianNoise(0.7)", s -> new GaussianNoise(0.7, s), new int[] {4, 6}, new int[] {2, 6},
                        true));
    }

    /** One training step's input and output gradient. */
    private record Batch(Tensor x, Tensor dy) {
    }

    private static Batch batch(CountingBackend rec, RandomGenerator rng, int[] dims) {
        return new Batch(input(rec, normal(rng, dims), dims), input(rec, normal(rng, dims), dims));
    }

    private static float[] normal(RandomGenerator rng, int[] dims) {
        float[] v = new float[Shape.of(dims).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    private static RandomGenerator random(Case c, int salt) {
        return RandomGeneratorFactory.of("L64X128MixRandom").create(c.name().hashCode() * 31L + salt);
    }

    /** Forward in training mode, then backward: the calls a trainer makes on the layer each step. */
    private static Tensor[] run(Layer layer, Batch b) {
        Tensor y = layer.forward(b.x(), Mode.TRAIN);
        Tensor dx = layer.backward(b.dy());
        return new Tensor[] {y, dx};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void repeatedStepsAllocateNothingAndMoveNothingToTheHost(Case c) {
        CountingBackend rec = new CountingBackend(Backends.select("scalar"));
        Layer layer = c.build().apply(NoiseSource.of(SEED));
        RandomGenerator rng = random(c, 0);
        List<Batch> batches = List.of(batch(rec, rng, c.batch()), batch(rec, rng, c.batch()),
                batch(rec, rng, c.batch()), batch(rec, rng, c.smaller()), batch(rec, rng, c.batch()));
        run(layer, batches.get(0));                      // the first step allocates the layer's buffers
        CountingBackend.Counts before = rec.counts();
        for (Batch b : batches.subList(1, batches.size())) {
            run(layer, b);
        }
        CountingBackend.Counts after = rec.counts().minus(before);
        assertEquals(0, after.allocations() + after.frees(),
                c + ": steps after the first, a smaller batch included, must reuse the layer's buffers");
        assertEquals(0, after.hostReads() + after.hostWrites(),
                c + ": a step must not read values back to the host or write them from it");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reusedBuffersComputeTheBitsOfFreshOnes(Case c) {
        CountingBackend rec = new CountingBackend(Backends.select("scalar"));
        Layer reused = c.build().apply(NoiseSource.of(SEED));
        RandomGenerator rng = random(c, 1);
        run(reused, batch(rec, rng, c.batch()));
        int[] tiny = new int[c.batch().length];
        Arrays.fill(tiny, 1);
        List<int[]> shapes = List.of(c.batch(), c.smaller(), c.batch());
        for (int step = 1; step <= shapes.size(); step++) {
            int[] dims = shapes.get(step - 1);
            Batch b = batch(rec, rng, dims);
            // the same stream brought to the same step by forwards on one value: its buffers are too small for this
            // batch, so the step below computes into newly allocated, zero-filled ones
            Layer fresh = c.build().apply(NoiseSource.of(SEED));
            for (int k = 0; k < step; k++) {
                fresh.forward(input(rec, new float[] {1f}, tiny), Mode.TRAIN);
            }
            Tensor[] expected = run(fresh, b);
            Tensor[] actual = run(reused, b);
            String at = c + ", step " + step + ", batch " + Shape.of(dims) + ": ";
            assertArrayEquals(expected[0].toArray(), actual[0].toArray(), at + "output");
            assertArrayEquals(expected[1].toArray(), actual[1].toArray(), at + "input gradient");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputsAndGradientsAreTheLayersOwnReusedBuffers(Case c) {
        CountingBackend rec = new CountingBackend(Backends.select("scalar"));
        Layer layer = c.build().apply(NoiseSource.of(SEED));
        RandomGenerator rng = random(c, 2);
        Batch first = batch(rec, rng, c.batch());
        Tensor[] one = run(layer, first);
        Tensor[] two = run(layer, batch(rec, rng, c.batch()));
        assertNotSame(first.x().storage(), one[0].storage(), c + ": the output must not be the input");
        assertSame(one[0].storage(), two[0].storage(), c + ": the next step writes its output into the same buffer");
        if (c.passesGradient()) {
            assertSame(first.dy(), one[1], c + ": the gradient passes through unchanged");
            return;
        }
        assertNotSame(first.dy().storage(), one[1].storage(), c + ": the input gradient must not be gradOutput");
        assertNotSame(one[0].storage(), one[1].storage(), c + ": output and input gradient are separate buffers");
        assertSame(one[1].storage(), two[1].storage(), c + ": and its input gradient");
    }

    /** A tensor on the counting backend that its counts do not see being made: a batch prepared before a step. */
    private static Tensor input(CountingBackend backend, float[] values, int... dims) {
        return new Tensor(Shape.of(dims), backend, new HostStorage(values));
    }
}
