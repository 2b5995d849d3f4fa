package dev.nn.norm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Backends;
import dev.nn.api.backend.CountingBackend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.tensor.HostStorage;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A steady-state training step allocates nothing on the backend and moves nothing between it and the host: every
 * normalization layer keeps its output, input gradient and saved statistics in buffers it reuses, also for the
 * smaller last batch of an epoch, and BatchNorm counts {@code num_batches_tracked} on the host. Reusing the buffers
 * changes no bit of what the layers compute.
 */
class SteadyStateStepTest {

    /**
     * @param name for the report
     * @param build the layer on a backend
     * @param mode the mode of every step
     * @param batch the full batch's shape
     * @param smaller a smaller batch's shape (an epoch's last)
     */
    record Case(String name, Function<Backend, Layer> build, Mode mode, int[] batch, int[] smaller) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("BatchNorm1d (N, C)", be -> BatchNorm.batchNorm1d(4).build(be), Mode.TRAIN,
                        new int[] {8, 4}, new int[] {3, 4}),
                new Case("BatchNorm1d (N, C, L) momentum=None", be -> BatchNorm.batchNorm1d(4).optMomentum(null)
                        .build(be), Mode.TRAIN, new int[] {6, 4, 5}, new int[] {2, 4, 5}),
                new Case("BatchNorm2d affine=False", be -> BatchNorm.batchNorm2d(3).optAffine(false).build(be),
                        Mode.TRAIN, new int[] {4, 3, 3, 3}, new int[] {2, 3, 3, 3}),
                new Case("BatchNorm1d track_running_stats=False", be -> BatchNorm.batchNorm1d(4)
                        .optTrackRunningStats(false).build(be), Mode.TRAIN, new int[] {8, 4}, new int[] {3, 4}),
                new Case("BatchNorm1d frozen", be -> BatchNorm.batchNorm1d(4).build(be).freezeStatistics(true),
                        Mode.TRAIN, new int[] {8, 4}, new int[] {3, 4}),
                new Case("BatchNorm2d eval", be -> BatchNorm.batchNorm2d(3).build(be), Mode.EVAL,
                        new int[] {4, 3, 3, 3}, new int[] {1, 3, 3, 3}),
                new Case("LayerNorm [4]", be -> new LayerNorm(be, 4), Mode.TRAIN, new int[] {5, 4},
                        new int[] {2, 4}),
                new Case("LayerNorm [3, 5] bias=False", be -> new LayerNorm(be, new int[] {3, 5}, 1e-5, true, false),
                        Mode.TRAIN, new int[] {4, 3, 5}, new int[] {1, 3, 5}),
                new Case("GroupNorm(2, 4)", be -> new GroupNorm(be, 2, 4), Mode.TRAIN, new int[] {3, 4, 5},
                        new int[] {1, 4, 5}),
                new Case("GroupNorm(4, 4) affine=False", be -> new GroupNorm(be, 4, 4, 1e-5, false), Mode.TRAIN,
                        new int[] {3, 4, 2, 3}, new int[] {2, 4, 2, 3}),
                new Case("InstanceNorm2d", be -> InstanceNorm.instanceNorm2d(4).build(be), Mode.TRAIN,
                        new int[] {3, 4, 3, 3}, new int[] {1, 4, 3, 3}),
                new Case("InstanceNorm1d affine, running stats", be -> InstanceNorm.instanceNorm1d(4).optAffine(true)
                        .optTrackRunningStats(true).build(be), Mode.TRAIN, new int[] {3, 4, 5}, new int[] {2, 4, 5}),
                new Case("InstanceNorm1d running stats, eval", be -> InstanceNorm.instanceNorm1d(4).optAffine(true)
                        .optTrackRunningStats(true).build(be), Mode.EVAL, new int[] {3, 4, 5}, new int[] {2, 4, 5}),
                new Case("RMSNorm [4]", be -> new RMSNorm(be, 4), Mode.TRAIN, new int[] {6, 4}, new int[] {2, 4}),
                new Case("RMSNorm [2, 3] no weight", be -> new RMSNorm(be, new int[] {2, 3}, 1e-4, false),
                        Mode.TRAIN, new int[] {3, 2, 3}, new int[] {1, 2, 3}));
    }

    /** One training step's input and output gradient. */
    private record Batch(Tensor x, Tensor dy) {
    }

    /** What one step produced, read to the host after the step. */
    private record Step(float[] y, float[] dx, List<float[]> grads) {
    }

    private static Batch batch(CountingBackend rec, RandomGenerator rng, int[] dims) {
        int n = Shape.of(dims).size();
        return new Batch(input(rec, Fixtures.normal(rng, n, 0.5, 2), dims),
                input(rec, Fixtures.normal(rng, n, 0, 1), dims));
    }

    /** zero_grad, forward, backward: the calls a trainer makes on the layer each step. */
    private static Tensor[] run(Layer layer, Batch b, Mode mode) {
        layer.zeroGrad();
        Tensor y = layer.forward(b.x(), mode);
        Tensor dx = layer.backward(b.dy());
        return new Tensor[] {y, dx};
    }

    private static Step step(Layer layer, Batch b, Mode mode) {
        Tensor[] out = run(layer, b, mode);
        return new Step(out[0].toArray(), out[1].toArray(),
                layer.ownParameters().stream().map(p -> p.grad().toArray()).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void repeatedStepsAllocateNothingAndMoveNothingToTheHost(Case c) {
        CountingBackend rec = new CountingBackend(Backends.select("scalar"));
        Layer layer = c.build().apply(rec);
        RandomGenerator rng = Fixtures.random(c.name().hashCode());
        List<Batch> batches = List.of(batch(rec, rng, c.batch()), batch(rec, rng, c.batch()),
                batch(rec, rng, c.batch()), batch(rec, rng, c.smaller()), batch(rec, rng, c.batch()));
        run(layer, batches.get(0), c.mode());            // the first step allocates the layer's buffers
        CountingBackend.Counts before = rec.counts();
        for (Batch b : batches.subList(1, batches.size())) {
            run(layer, b, c.mode());
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
        Layer reused = c.build().apply(rec);
        RandomGenerator rng = Fixtures.random(c.name().hashCode() + 1);
        run(reused, batch(rec, rng, c.batch()), c.mode());
        for (int[] dims : List.of(c.batch(), c.smaller(), c.batch())) {
            Batch b = batch(rec, rng, dims);
            // a layer that has never run allocates zero-filled buffers; give it the reused layer's state first
            Layer fresh = c.build().apply(rec);
            reused.ownBuffers().forEach((name, t) -> rec.write(fresh.ownBuffers().get(name), t.toArray()));
            reused.ownCounters().forEach((name, n) -> fresh.ownCounters().get(name).set(n.get()));
            Step expected = step(fresh, b, c.mode());
            Step actual = step(reused, b, c.mode());
            String at = c + ", batch " + Shape.of(dims) + ": ";
            assertArrayEquals(expected.y(), actual.y(), at + "output");
            assertArrayEquals(expected.dx(), actual.dx(), at + "input gradient");
            for (int i = 0; i < expected.grads().size(); i++) {
                assertArrayEquals(expected.grads().get(i), actual.grads().get(i),
                        at + "gradient of " + reused.ownParameters().get(i).name());
            }
            fresh.ownBuffers().forEach((name, t) ->
                    assertArrayEquals(t.toArray(), reused.ownBuffers().get(name).toArray(), at + name));
            fresh.ownCounters().forEach((name, n) ->
                    assertEquals(n.get(), reused.ownCounters().get(name).get(), at + name));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputsAndGradientsAreTheLayersOwnReusedBuffers(Case c) {
        CountingBackend rec = new CountingBackend(Backends.select("scalar"));
        Layer layer = c.build().apply(rec);
        RandomGenerator rng = Fixtures.random(c.name().hashCode() + 2);
        Batch first = batch(rec, rng, c.batch());
        Tensor[] one = run(layer, first, c.mode());
        Tensor[] two = run(layer, batch(rec, rng, c.batch()), c.mode());
        assertNotSame(first.x().storage(), one[0].storage(), c + ": the output must not be the input");
        assertNotSame(first.dy().storage(), one[1].storage(), c + ": the input gradient must not be gradOutput");
        assertNotSame(one[0].storage(), one[1].storage(), c + ": output and input gradient are separate buffers");
        for (Parameter p : layer.ownParameters()) {
            assertNotSame(p.grad().storage(), one[1].storage(), c + ": the input gradient is not " + p.name());
        }
        assertSame(one[0].storage(), two[0].storage(), c + ": the next step writes its output into the same buffer");
        assertSame(one[1].storage(), two[1].storage(), c + ": and its input gradient");
    }

    /** A tensor on the counting backend that its counts do not see being made: a batch prepared before a step. */
    private static Tensor input(CountingBackend backend, float[] values, int... dims) {
        return new Tensor(Shape.of(dims), backend, new HostStorage(values));
    }
}
