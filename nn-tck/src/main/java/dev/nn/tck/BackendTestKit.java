package dev.nn.tck;

import static dev.nn.tck.Checks.assertBitwise;
import static dev.nn.tck.Checks.assertClose;
import static dev.nn.tck.Checks.assertFailsSaying;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Activation;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.backend.Backends;
import dev.nn.api.backend.Conv2dGeometry;
import dev.nn.api.backend.DropoutKernels;
import dev.nn.api.backend.MemoryStats;
import dev.nn.api.backend.MissingKernelsException;
import dev.nn.api.backend.NoiseKey;
import dev.nn.api.backend.NormKernels;
import dev.nn.api.backend.Pool2dGeometry;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.host.scalar.ScalarBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance suite of a {@link Backend}: a backend's own tests subclass it and name their provider.
 *
 * <pre>{@code
 * class CudaBackendKitTest extends BackendTestKit {
 *     @Override
 *     protected String providerName() {
 *         return "cuda";
 *     }
 * }
 * }</pre>
 *
 * <p>What it checks, for every kernel of {@link Backend}, {@link NormKernels} and {@link DropoutKernels}:
 * <ul>
 *   <li><b>agreement with the scalar reference</b> ({@code new ScalarBackend()}) on the same random inputs, at the
 *       awkward sizes 1, 3, 15, 16, 17, 127 and 1000 (a vector of 512 bits holds 16 floats: bodies, tails and both
 *       together), odd GEMM shapes with every transpose, and channel layouts with {@code H * W = 1};</li>
 *   <li><b>known answers and properties</b> the kit computes itself from the contracts in {@code dev.nn.api}, so
 *       that the scalar reference is checked too: hand-checked values, finite differences for backward kernels,
 *       adjoint identities for linear ones, dropout masks drawn from {@link NoiseKey} with
 *       {@link DropoutKernels}'s rules, double accumulation of sums, accumulation into gradients;</li>
 *   <li><b>memory</b>: read/write/copy/fill/tensor round trips of every bit, {@link ShapeException} for wrong
 *       sizes, views sharing storage, {@link Backend#memory()} counting live tensors, and the lifetime: a freed
 *       tensor, or any tensor after {@link Backend#close()}, fails with an {@link IllegalStateException} that
 *       says so, and closing twice is harmless;</li>
 *   <li><b>determinism</b>: backends created with 1, 2, 3 and 4 threads ({@link #config(int)}) give bit-identical
 *       results for GEMM, convolution, normalization, dropout, reductions and the rest, and so do two runs.</li>
 * </ul>
 *
 * <p>Tolerances: kernels that are a fixed sequence of float operations are compared within a few units in the last
 * place ({@code 2e-6} relative), leaving room for fused multiply-add; kernels that sum many terms (GEMM,
 * convolution, reductions) within {@code 1e-5} relative to the magnitude of their terms. Dropout masks, max
 * pooling, argmax and counts must be bit-identical: every backend draws the same Philox stream.
 *
 * <p>Each test creates the backend under test with {@link #config(int) config(2)} and closes it afterwards. A
 * provider that is installed but unavailable here is skipped with the reason its probe gives; one that is not
 * installed fails. A backend without an optional kernel family ({@link Backend#norm()}, {@link Backend#dropout()})
 * has that family's tests skipped with the {@link MissingKernelsException}'s message.
 */
public abstract class BackendTestKit {
    /** Awkward sizes: one, a few, one 512-bit vector of floats and either side of it, a prime, a thousand. */
    static final int[] SIZES = {1, 3, 15, 16, 17, 127, 1000};
    /** Thread counts whose results must agree bit for bit. */
    static final int[] THREAD_COUNTS = {1, 2, 3, 4};
    /** Threads of the backend most tests use. */
    static final int THREADS = 2;
    /** A few ulps: fixed sequences of float operations, with room for fused multiply-add. */
    static final double ULPS = 2e-6;
    /** Sums of many terms in another order. */
    static final double SUMS = 1e-5;

    private final SplittableRandom random = new SplittableRandom(20261127);
    private final List<Backend> opened = new ArrayList<>();
    private Backend backend;
    private Backend reference;

    /** For subclasses. */
    protected BackendTestKit() {
    }

    /** {@return the name of the provider under test, as in {@code -Dnn.backend=NAME}, e.g. {@code "cpu-simd"}} */
    protected abstract String providerName();

    /**
     * The settings the kit creates the backend under test with; override to add settings of your own.
     *
     * @param threads the worker threads wanted (1, 2, 3 or 4)
     * @return the configuration; by default {@code new BackendConfig(threads)}
     */
    protected BackendConfig config(int threads) {
        return new BackendConfig(threads);
    }

    /**
     * Creates a backend under test. By default the provider is looked up by {@link #providerName()} the way
     * applications find it ({@link Backends#select(String, BackendConfig)}): a provider that is not installed fails
     * the test, one that is unavailable here skips it with the provider's reason. Override only to test an
     * instance built another way; discovery is then not checked.
     *
     * @param config the settings
     * @return a new backend; the kit closes it after the test
     */
    protected Backend createBackend(BackendConfig config) {
        return ProviderUnderTest.open(providerName(), config, Backends.statuses(), Backends::select);
    }

    /** {@return the backend under test of the running test, created with {@code config(2)}} */
    protected final Backend backend() {
        return backend;
    }

    /** {@return the scalar reference of the running test} */
    protected final Backend reference() {
        return reference;
    }

    @BeforeEach
    final void openBackends() {
        reference = new ScalarBackend();
        backend = open(THREADS);
    }

    @AfterEach
    final void closeBackends() {
        for (Backend b : opened) {
            b.close();
        }
        opened.clear();
        if (reference != null) {
            reference.close();
        }
    }

    /** A new backend under test with a thread count; closed after the test. */
    private Backend open(int threads) {
        Backend b = createBackend(config(threads));
        assertNotNull(b, "createBackend returned null");
        opened.add(b);
        return b;
    }

    // ---- inputs and comparisons -------------------------------------------------------------------------------

    /** The same values as a tensor of the reference ({@code want}) and of the backend under test ({@code got}). */
    record Pair(Tensor want, Tensor got) {
    }

    float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble(-2, 2);
        }
        return v;
    }

    /** Values whose magnitude stays away from 0 (kinks of ReLU-like functions, for finite differences). */
    float[] valuesAwayFromZero(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            double m = random.nextDouble(0.1, 2.5);
            v[i] = (float) (random.nextBoolean() ? m : -m);
        }
        return v;
    }

    Pair pair(float[] values, int... dims) {
        Shape s = Shape.of(dims);
        return new Pair(reference.tensor(s, values), backend.tensor(s, values));
    }

    Pair pair(int... dims) {
        return pair(values(Shape.of(dims).size()), dims);
    }

    Tensor on(Backend b, float[] values, int... dims) {
        return b.tensor(Shape.of(dims), values);
    }

    void assertEqualBits(Pair p, String what) {
        assertBitwise(p.want().toArray(), p.got().toArray(), what);
    }

    void assertNear(Pair p, double rtol, double scale, String what) {
        assertClose(p.want().toArray(), p.got().toArray(), rtol, scale, what);
    }

    /** Tensor values against expected values. */
    void assertValues(float[] want, Tensor got, double rtol, double scale, String what) {
        assertClose(want, got.toArray(), rtol, scale, what);
    }

    /** The backend's norm kernels, or the test is skipped when it has none. */
    NormKernels norm(Backend b) {
        try {
            return b.norm();
        } catch (MissingKernelsException e) {
            Assumptions.abort(e.getMessage());
            throw e;
        }
    }

    /** The backend's dropout kernels, or the test is skipped when it has none. */
    DropoutKernels dropout(Backend b) {
        try {
            return b.dropout();
        } catch (MissingKernelsException e) {
            Assumptions.abort(e.getMessage());
            throw e;
        }
    }

    // =============================================================================================================
    // Identity and kernel families
    // =============================================================================================================

    /** The backend is the one asked for. */
    @Test
    void backendReportsItsProviderName() {
        assertEquals(providerName(), backend.name());
        assertFalse(backend.isClosed(), "a new backend is open");
    }

    /** Each optional family is there, or asking for it fails naming the family and the backend. */
    @Test
    void optionalKernelFamiliesArePresentOrMissingClearly() {
        try {
            assertNotNull(backend.norm(), "norm() returned null instead of throwing MissingKernelsException");
        } catch (MissingKernelsException e) {
            assertTrue(e.getMessage().contains(backend.name()) && e.getMessage().contains("NormKernels"),
                    e.getMessage());
        }
        try {
            assertNotNull(backend.dropout(), "dropout() returned null instead of throwing MissingKernelsException");
        } catch (MissingKernelsException e) {
            assertTrue(e.getMessage().contains(backend.name()) && e.getMessage().contains("DropoutKernels"),
                    e.getMessage());
        }
    }

    // =============================================================================================================
    // Memory
    // =============================================================================================================

    /** zeros and tensor create tensors this backend owns; tensor copies its input and read returns a copy. */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void zerosAndTensorCreateTensorsItOwns(int n) {
        Tensor z = backend.zeros(Shape.of(n));
        assertSame(backend, z.backend(), "zeros: the tensor's backend");
        assertEquals(Shape.of(n), z.shape());
        assertBitwise(new float[n], backend.read(z), "zeros reads back as +0.0");
        float[] v = values(n);
        float[] kept = v.clone();
        Tensor t = backend.tensor(Shape.of(1, n), v);
        assertSame(backend, t.backend(), "tensor: the tensor's backend");
        assertEquals(Shape.of(1, n), t.shape());
        v[0] = 99f;
        assertBitwise(kept, backend.read(t), "tensor(shape, values) copies the values");
        float[] r = backend.read(t);
        r[n - 1] = -99f;
        assertBitwise(kept, backend.read(t), "read returns a copy");
        assertBitwise(kept, t.toArray(), "toArray reads through the backend");
    }

    /** A rank-0 tensor holds one value. */
    @Test
    void aRankZeroTensorHoldsOneValue() {
        Tensor t = backend.zeros(Shape.of());
        assertEquals(1, t.size());
        backend.write(t, new float[] {4.5f});
        assertBitwise(new float[] {4.5f}, backend.read(t), "rank-0 round trip");
    }

    /** write, read, copy and fill keep every bit: NaN, -0.0, infinities, subnormals, extremes. */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void writeReadCopyAndFillKeepEveryBit(int n) {
        float[] v = values(n);
        float[] specials = {Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
            -Float.MAX_VALUE, Float.MIN_NORMAL};
        System.arraycopy(specials, 0, v, 0, Math.min(n, specials.length));
        Tensor t = backend.zeros(Shape.of(n));
        backend.write(t, v);
        assertBitwise(v, backend.read(t), "write then read");
        Tensor c = backend.zeros(Shape.of(n));
        backend.copy(c, t);
        assertBitwise(v, backend.read(c), "copy");
        for (float value : new float[] {-0f, Float.NaN, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, 2.5f}) {
            backend.fill(c, value);
            float[] want = new float[n];
            Arrays.fill(want, value);
            assertBitwise(want, backend.read(c), "fill with " + value);
        }
        assertBitwise(v, backend.read(t), "the source of a copy is unchanged");
    }

    /** Views and reshapes share storage; kernels on a view touch only the view's values. */
    @Test
    void viewsShareStorageAndKernelsStayInsideThem() {
        Tensor t = backend.tensor(Shape.of(2, 3), new float[] {1, 2, 3, 4, 5, 6});
        Tensor v = t.view(Shape.of(4));
        assertBitwise(new float[] {1, 2, 3, 4}, backend.read(v), "a view reads the first values");
        backend.write(v, new float[] {9, 8, 7, 6});
        assertBitwise(new float[] {9, 8, 7, 6, 5, 6}, backend.read(t), "a write through a view");
        backend.scale(v, v, 2f);
        assertBitwise(new float[] {18, 16, 14, 12, 5, 6}, backend.read(t), "a kernel on a view");
        Tensor other = backend.tensor(Shape.of(4), new float[] {1, 1, 1, 1});
        backend.add(v, other, other);
        assertBitwise(new float[] {2, 2, 2, 2, 5, 6}, backend.read(t), "a kernel writing a view");
        backend.fill(v, 0f);
        assertBitwise(new float[] {0, 0, 0, 0, 5, 6}, backend.read(t), "fill of a view");
        Tensor r = t.reshape(3, 2);
        backend.write(r, new float[] {1, 1, 2, 2, 3, 3});
        assertBitwise(new float[] {1, 1, 2, 2, 3, 3}, backend.read(t), "a write through a reshape");
    }

    /** Wrong sizes throw ShapeException and change nothing. */
    @Test
    void wrongSizesThrowShapeExceptionAndChangeNothing() {
        long live = backend.memory().liveTensors();
        assertThrows(ShapeException.class, () -> backend.tensor(Shape.of(3), new float[2]), "tensor, too few");
        assertThrows(ShapeException.class, () -> backend.tensor(Shape.of(2, 2), new float[5]), "tensor, too many");
        assertEquals(live, backend.memory().liveTensors(), "a rejected tensor(...) allocates nothing");
        Tensor t = backend.tensor(Shape.of(3), new float[] {1, 2, 3});
        assertThrows(ShapeException.class, () -> backend.write(t, new float[2]), "write, too few");
        assertThrows(ShapeException.class, () -> backend.write(t, new float[4]), "write, too many");
        assertBitwise(new float[] {1, 2, 3}, backend.read(t), "a rejected write leaves the tensor unchanged");
        Tensor four = backend.zeros(Shape.of(4));
        assertThrows(ShapeException.class, () -> backend.copy(four, t), "copy into a larger tensor");
        assertThrows(ShapeException.class, () -> backend.copy(t, four), "copy into a smaller tensor");
        assertBitwise(new float[4], backend.read(four), "a rejected copy leaves the destination unchanged");
        assertBitwise(new float[] {1, 2, 3}, backend.read(t), "a rejected copy leaves the destination unchanged");
    }

    // =============================================================================================================
    // Lifetime
    // =============================================================================================================

    /** memory() counts a tensor from zeros or tensor as live until it is freed. */
    @Test
    void memoryStatsCountLiveTensors() {
        MemoryStats m0 = backend.memory();
        Tensor a = backend.zeros(Shape.of(3, 5));
        MemoryStats m1 = backend.memory();
        assertEquals(m0.liveTensors() + 1, m1.liveTensors(), "zeros adds one live tensor");
        assertTrue(m1.liveBytes() >= m0.liveBytes() + 15 * Float.BYTES, "live bytes after zeros: " + m1);
        assertTrue(m1.allocations() >= m0.allocations() + 1, "allocations after zeros: " + m1);
        assertTrue(m1.allocatedBytes() >= m0.allocatedBytes() + 15 * Float.BYTES, "allocated bytes: " + m1);
        Tensor c = backend.tensor(Shape.of(17), values(17));
        MemoryStats m2 = backend.memory();
        assertEquals(m0.liveTensors() + 2, m2.liveTensors(), "tensor adds one live tensor");
        assertTrue(m2.liveBytes() >= m1.liveBytes() + 17 * Float.BYTES, "live bytes after tensor: " + m2);
        Tensor view = a.view(Shape.of(4));
        Tensor reshaped = c.reshape(17, 1);
        assertEquals(m2, backend.memory(), "views allocate nothing");
        assertEquals(4, view.size());
        assertEquals(17, reshaped.size());
        backend.free(a);
        MemoryStats m3 = backend.memory();
        assertEquals(m0.liveTensors() + 1, m3.liveTensors(), "free drops one live tensor");
        assertEquals(m2.liveBytes() - (m1.liveBytes() - m0.liveBytes()), m3.liveBytes(), "free returns its bytes");
        assertEquals(m2.allocations(), m3.allocations(), "free allocates nothing");
        assertEquals(m2.allocatedBytes(), m3.allocatedBytes(), "allocatedBytes counts every allocation ever made");
        backend.free(c);
        MemoryStats m4 = backend.memory();
        assertEquals(m0.liveTensors(), m4.liveTensors(), "both freed");
        assertEquals(m0.liveBytes(), m4.liveBytes(), "both freed");
    }

    /** Once kernels have run, running them again allocates nothing (a steady-state step allocates nothing). */
    @Test
    void kernelsAllocateNothingInTheSteadyState() {
        Tensor a = backend.tensor(Shape.of(17, 33), values(17 * 33));
        Tensor b = backend.tensor(Shape.of(33, 15), values(33 * 15));
        Tensor c = backend.zeros(Shape.of(17, 15));
        Tensor total = backend.zeros(Shape.of(2));
        var g = new Conv2dGeometry(2, 3, 7, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        Tensor x = backend.tensor(Shape.of(2, 3, 7, 5), values(2 * 3 * 7 * 5));
        Tensor w = backend.tensor(Shape.of(4, 3, 3, 3), values(4 * 27));
        Tensor y = backend.zeros(Shape.of(2, 4, 7, 5));
        Tensor dx = backend.zeros(x.shape());
        Tensor dw = backend.zeros(w.shape());
        Runnable step = () -> {
            backend.gemm(c, false, false, 17, 15, 33, 1f, a, b, 0f);
            backend.activationForward(Activation.GELU, 0f, c, c);
            backend.sumInto(total, 0, c, 17);
            backend.clipGradNorm(total, 1, List.of(c), 1f);
            backend.conv2dForward(g, y, x, w, null);
            backend.conv2dBackward(g, dx, dw, null, y, x, w);
        };
        step.run();
        MemoryStats warm = backend.memory();
        step.run();
        step.run();
        assertEquals(warm, backend.memory(), "kernels in the steady state allocated");
    }

    /** A freed tensor, and every view of it, fails clearly; other tensors stay usable. */
    @Test
    void aFreedTensorFailsClearly() {
        Tensor t = backend.tensor(Shape.of(4), new float[] {1, 2, 3, 4});
        Tensor view = t.view(Shape.of(2));
        Tensor other = backend.zeros(Shape.of(4));
        long live = backend.memory().liveTensors();
        backend.free(t);
        assertEquals(live - 1, backend.memory().liveTensors(), "free drops one live tensor");
        assertFailsSaying(() -> backend.read(t), "freed", "read of a freed tensor");
        assertFailsSaying(t::toArray, "freed", "toArray of a freed tensor");
        assertFailsSaying(() -> backend.write(t, new float[4]), "freed", "write to a freed tensor");
        assertFailsSaying(() -> backend.fill(t, 1f), "freed", "fill of a freed tensor");
        assertFailsSaying(() -> backend.copy(other, t), "freed", "copy from a freed tensor");
        assertFailsSaying(() -> backend.copy(t, other), "freed", "copy into a freed tensor");
        assertFailsSaying(() -> backend.add(other, t, other), "freed", "a kernel reading a freed tensor");
        assertFailsSaying(() -> backend.sum(t), "freed", "a reduction of a freed tensor");
        assertFailsSaying(() -> backend.read(view), "freed", "read of a view of a freed tensor");
        assertBitwise(new float[4], backend.read(other), "other tensors stay usable");
    }

    /** close() releases every tensor; later use of a tensor or the backend fails clearly; closing twice is fine. */
    @Test
    void closeReleasesEverythingAndLaterUseFailsClearly() {
        Backend b = open(THREADS);
        assertFalse(b.isClosed());
        Tensor a = b.zeros(Shape.of(8));
        Tensor c = b.tensor(Shape.of(3), new float[] {1, 2, 3});
        Tensor view = c.view(Shape.of(2));
        Tensor head = a.view(Shape.of(3));
        assertTrue(b.memory().liveTensors() >= 2, "live tensors before close: " + b.memory());
        b.close();
        assertTrue(b.isClosed(), "isClosed after close");
        assertEquals(0, b.memory().liveTensors(), "live tensors after close");
        assertEquals(0, b.memory().liveBytes(), "live bytes after close");
        assertFailsSaying(() -> b.read(a), "closed", "read after close");
        assertFailsSaying(c::toArray, "closed", "toArray after close");
        assertFailsSaying(() -> b.read(view), "closed", "read of a view after close");
        assertFailsSaying(() -> b.write(c, new float[3]), "closed", "write after close");
        assertFailsSaying(() -> b.fill(a, 1f), "closed", "fill after close");
        assertFailsSaying(() -> b.copy(head, c), "closed", "copy after close");
        assertFailsSaying(() -> b.add(a, a, a), "closed", "a kernel after close");
        assertFailsSaying(() -> b.zeros(Shape.of(2)), "closed", "zeros after close");
        assertFailsSaying(() -> b.tensor(Shape.of(1), new float[] {1}), "closed", "tensor after close");
        b.close();
        assertTrue(b.isClosed(), "still closed after a second close");
        assertEquals(0, b.memory().liveTensors(), "live tensors after a second close");
    }

    /** Freeing after close either fails clearly or does nothing; nothing becomes live again, nothing goes negative. */
    @Test
    void freeingAfterCloseLeavesNothingLive() {
        Backend b = open(THREADS);
        Tensor a = b.zeros(Shape.of(5));
        b.close();
        try {
            b.free(a);
        } catch (IllegalStateException e) {
            assertTrue(String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("closed"),
                    "free after close may fail, but must say the backend was closed: " + e.getMessage());
        }
        assertEquals(new MemoryStats(0, 0, b.memory().allocations(), b.memory().allocatedBytes()), b.memory(),
                "memory after free after close");
    }

    // =============================================================================================================
    // Elementwise
    // =============================================================================================================

    /** add, mul, scale and axpy agree with the reference. */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void elementwiseKernelsMatchTheReference(int n) {
        Pair a = pair(n);
        Pair b = pair(n);
        Pair out = pair(n);
        reference.add(out.want(), a.want(), b.want());
        backend.add(out.got(), a.got(), b.got());
        assertNear(out, ULPS, 1, "add");
        reference.mul(out.want(), a.want(), b.want());
        backend.mul(out.got(), a.got(), b.got());
        assertNear(out, ULPS, 1, "mul");
        reference.scale(out.want(), a.want(), -0.37f);
        backend.scale(out.got(), a.got(), -0.37f);
        assertNear(out, ULPS, 1, "scale");
        reference.axpy(out.want(), 1.7f, b.want());
        backend.axpy(out.got(), 1.7f, b.got());
        assertNear(out, ULPS, 1, "axpy");
    }

    /** Hand-checked elementwise results. */
    @Test
    void elementwiseKnownAnswers() {
        Tensor a = backend.tensor(Shape.of(3), new float[] {1, -2, 3.5f});
        Tensor b = backend.tensor(Shape.of(3), new float[] {10, 20, -30});
        Tensor out = backend.zeros(Shape.of(3));
        backend.add(out, a, b);
        assertBitwise(new float[] {11, 18, -26.5f}, out.toArray(), "add");
        backend.mul(out, a, b);
        assertBitwise(new float[] {10, -40, -105}, out.toArray(), "mul");
        backend.scale(out, a, -0.5f);
        assertBitwise(new float[] {-0.5f, 1, -1.75f}, out.toArray(), "scale");
        backend.fill(out, 1f);
        backend.axpy(out, 2f, a);
        assertBitwise(new float[] {3, -3, 8}, out.toArray(), "axpy accumulates");
        backend.scale(a, a, 2f);
        assertBitwise(new float[] {2, -4, 7}, a.toArray(), "scale in place");
    }

    /** Kernels documented as allowing out == in give the out-of-place result. */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void inPlaceKernelsEqualOutOfPlace(int n) {
        float[] v = values(n);
        Tensor x = backend.tensor(Shape.of(n), v);
        Tensor out = backend.zeros(Shape.of(n));
        backend.scale(out, x, 0.3f);
        backend.scale(x, x, 0.3f);
        assertBitwise(out.toArray(), x.toArray(), "scale in place");
        for (Activation f : Activation.values()) {
            backend.write(x, v);
            backend.activationForward(f, 0.1f, out, x);
            backend.activationForward(f, 0.1f, x, x);
            assertBitwise(out.toArray(), x.toArray(), f + " in place");
        }
    }

    // =============================================================================================================
    // Activations
    // =============================================================================================================

    /** Forward and backward of each activation agree with the reference, edge values included. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationsMatchTheReferenceAtEverySize(Activation f) {
        for (int n : SIZES) {
            float[] xv = values(n);
            if (n >= 8) {                                // the edge cases the twin defines: NaN, signed zero, inf
                xv[0] = Float.NaN;
                xv[1] = -0f;
                xv[2] = 0f;
                xv[3] = Float.NEGATIVE_INFINITY;
                xv[4] = Float.POSITIVE_INFINITY;
            }
            float param = f == Activation.LEAKY_RELU ? 0.2f : 0f;
            Pair x = pair(xv, n);
            Pair y = pair(n);
            reference.activationForward(f, param, y.want(), x.want());
            backend.activationForward(f, param, y.got(), x.got());
            assertNear(y, ULPS, 1, f + " forward, n=" + n);
            Pair dy = pair(n);
            Pair dx = pair(n);                           // accumulated into: start from non-zero values
            reference.activationBackward(f, param, dx.want(), dy.want(), x.want(), y.want());
            backend.activationBackward(f, param, dx.got(), dy.got(), x.got(), y.got());
            assertNear(dx, ULPS, 1, f + " backward, n=" + n);
        }
    }

    /** Hand-checked activation values and derivatives at -1, 1 and 2. */
    @Test
    void activationKnownAnswers() {
        float[] x = {-1, 1, 2};
        Map<Activation, float[][]> answers = new LinkedHashMap<>();
        answers.put(Activation.IDENTITY, new float[][] {{-1, 1, 2}, {1, 1, 1}});
        answers.put(Activation.RELU, new float[][] {{0, 1, 2}, {0, 1, 1}});
        answers.put(Activation.LEAKY_RELU, new float[][] {{-0.2f, 1, 2}, {0.2f, 1, 1}});
        answers.put(Activation.TANH, new float[][] {{-0.7615941559557649f, 0.7615941559557649f,
            0.9640275800758169f}, {0.41997434161402614f, 0.41997434161402614f, 0.07065082485316443f}});
        answers.put(Activation.SIGMOID, new float[][] {{0.2689414213699951f, 0.7310585786300049f,
            0.8807970779778823f}, {0.19661193324148185f, 0.19661193324148185f, 0.10499358540350662f}});
        answers.put(Activation.GELU, new float[][] {{-0.15865525393145707f, 0.8413447460685429f,
            1.9544997361036416f}, {-0.08331547058768629f, 1.0833154705876864f, 1.085231801078197f}});
        answers.put(Activation.SELU, new float[][] {{-1.1113307378125625f, 1.0507009873554805f,
            2.101401974710961f}, {0.646768603034814f, 1.0507009873554805f, 1.0507009873554805f}});
        for (var e : answers.entrySet()) {
            Activation f = e.getKey();
            float param = f == Activation.LEAKY_RELU ? 0.2f : 0f;
            Tensor xt = backend.tensor(Shape.of(3), x);
            Tensor y = backend.zeros(Shape.of(3));
            backend.activationForward(f, param, y, xt);
            assertValues(e.getValue()[0], y, ULPS, 0, f + " forward");
            Tensor dx = backend.zeros(Shape.of(3));
            backend.activationBackward(f, param, dx, backend.tensor(Shape.of(3), new float[] {1, 1, 1}), xt, y);
            assertValues(e.getValue()[1], dx, 1e-5, 0, f + " derivative");
        }
    }

    /** Each activation's backward is the derivative of its forward (central differences). */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationGradientsMatchFiniteDifferences(Activation f) {
        int n = 127;
        float param = f == Activation.LEAKY_RELU ? 0.2f : 0f;
        float[] xv = valuesAwayFromZero(n);
        float h = 1e-3f;
        float[] up = new float[n];
        float[] down = new float[n];
        for (int i = 0; i < n; i++) {
            up[i] = xv[i] + h;
            down[i] = xv[i] - h;
        }
        Tensor yUp = backend.zeros(Shape.of(n));
        Tensor yDown = backend.zeros(Shape.of(n));
        backend.activationForward(f, param, yUp, on(backend, up, n));
        backend.activationForward(f, param, yDown, on(backend, down, n));
        Tensor x = on(backend, xv, n);
        Tensor y = backend.zeros(Shape.of(n));
        backend.activationForward(f, param, y, x);
        Tensor dx = backend.zeros(Shape.of(n));
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        backend.activationBackward(f, param, dx, on(backend, ones, n), x, y);
        float[] fu = yUp.toArray();
        float[] fd = yDown.toArray();
        float[] numeric = new float[n];
        for (int i = 0; i < n; i++) {
            numeric[i] = (float) (((double) fu[i] - fd[i]) / ((double) up[i] - down[i]));
        }
        assertClose(numeric, dx.toArray(), 2e-3, 1, f + " derivative against finite differences");
    }

    // =============================================================================================================
    // Reductions and metric kernels
    // =============================================================================================================

    /** sum and sumOfSquares agree with the reference. */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void reductionsMatchTheReference(int n) {
        Pair x = pair(n);
        assertEquals(reference.sum(x.want()), backend.sum(x.got()), 1e-12 * n, "sum");
        assertEquals(reference.sumOfSquares(x.want()), backend.sumOfSquares(x.got()), 1e-12 * n, "sumOfSquares");
    }

    /** Sums accumulate in double: 2^24 + 1000 ones is exact, and squares of 1e20 do not overflow. */
    @Test
    void reductionsAccumulateInDouble() {
        float[] v = new float[1001];
        Arrays.fill(v, 1f);
        v[0] = 0x1p24f;
        Tensor x = backend.tensor(Shape.of(1001), v);
        assertEquals(16_778_216.0, backend.sum(x), "sum of 2^24 and 1000 ones (float32 accumulation gives 2^24)");
        Tensor out = backend.zeros(Shape.of(1));
        backend.sumInto(out, 0, x, 1);
        assertBitwise(new float[] {16_778_216f}, out.toArray(), "sumInto of 2^24 and 1000 ones");
        Tensor big = backend.tensor(Shape.of(2), new float[] {1e20f, -1e20f});
        double square = (double) 1e20f * 1e20f;
        assertEquals(2 * square, backend.sumOfSquares(big), 2 * square * 1e-15, "squares beyond float32 range");
        Tensor small = backend.tensor(Shape.of(2), new float[] {3, 4});
        assertEquals(25.0, backend.sumOfSquares(small), "sumOfSquares of 3 and 4");
        assertEquals(7.0, backend.sum(small), "sum of 3 and 4");
    }

    /** sumInto writes one value at its index, rounded once from the double sum, and nothing else. */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void sumIntoWritesOneValueAtItsIndex(int n) {
        Tensor x = backend.tensor(Shape.of(n), values(n));
        double want = reference.sum(reference.tensor(Shape.of(n), x.toArray())) / 3;
        Tensor out = backend.tensor(Shape.of(5), new float[] {7, 7, 7, 7, 7});
        backend.sumInto(out, 2, x, 3);
        float[] got = out.toArray();
        assertClose(new float[] {7, 7, (float) want, 7, 7}, got, 1e-6, 1e-6 * n, "sumInto(out, 2, x, 3)");
        Tensor known = backend.tensor(Shape.of(4), new float[] {1, 2, 3, 4});
        backend.sumInto(out, 4, known, 4);
        assertBitwise(new float[] {7, 7, got[2], 7, 2.5f}, out.toArray(), "sumInto of 1..4 over 4 at index 4");
    }

    /** sumOfSquaresInto writes one value at its index: the double sum of squares divided, rounded once. */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void sumOfSquaresIntoWritesOneValueAtItsIndex(int n) {
        Tensor x = backend.tensor(Shape.of(n), values(n));
        double want = reference.sumOfSquares(reference.tensor(Shape.of(n), x.toArray())) / n;
        Tensor out = backend.tensor(Shape.of(3), new float[] {7, 7, 7});
        backend.sumOfSquaresInto(out, 1, x, n);
        float[] got = out.toArray();
        assertClose(new float[] {7, (float) want, 7}, got, 1e-6, 1e-6 * n, "sumOfSquaresInto(out, 1, x, n)");
        Tensor known = backend.tensor(Shape.of(2), new float[] {3, 4});
        backend.sumOfSquaresInto(out, 0, known, 2);
        assertBitwise(new float[] {12.5f, got[1], 7}, out.toArray(), "sumOfSquaresInto of 3 and 4 over 2 at 0");
    }

    /** copy with offsets moves exactly the range asked for and rejects a range that leaves a tensor. */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void copyWithOffsetsMovesExactlyTheRange(int n) {
        float[] src = values(n);
        Tensor s = backend.tensor(Shape.of(n), src);
        Tensor d = backend.zeros(Shape.of(n + 5));
        backend.fill(d, -1f);
        int count = Math.max(1, n / 2);
        int from = n - count;
        backend.copy(d, 3, s, from, count);
        float[] want = new float[n + 5];
        Arrays.fill(want, -1f);
        System.arraycopy(src, from, want, 3, count);
        assertBitwise(want, d.toArray(), "copy(d, 3, s, " + from + ", " + count + ")");
        assertThrows(ShapeException.class, () -> backend.copy(d, n + 1, s, 0, 5), "a range past dst's end");
        assertThrows(ShapeException.class, () -> backend.copy(d, 0, s, n - count + 1, count), "past src's end");
        assertThrows(ShapeException.class, () -> backend.copy(d, -1, s, 0, 1), "a negative offset");
    }

    /** argmax and countCorrect pick the first maximal column (ties are common here), matching an own count. */
    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"1,1", "3,15", "17,16", "16,17", "127,3", "1000,10", "5,1000"})
    void argmaxAndCountCorrectTakeTheFirstMaximum(int rows, int cols) {
        float[] scores = new float[rows * cols];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = random.nextInt(3);              // many ties
        }
        float[] labels = new float[rows];
        float[] want = new float[rows];
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            want[r] = Formulas.firstMax(scores, r * cols, cols);
            labels[r] = random.nextInt(4) == 0 ? random.nextInt(cols) : want[r];
            correct += labels[r] == want[r] ? 1 : 0;
        }
        Pair s = pair(scores, rows, cols);
        Pair l = pair(labels, rows);
        Pair arg = pair(rows);
        reference.argmax(arg.want(), s.want(), rows, cols);
        backend.argmax(arg.got(), s.got(), rows, cols);
        assertEqualBits(arg, "argmax against the reference");
        assertBitwise(want, arg.got().toArray(), "argmax: the first maximal column");
        Tensor out = backend.tensor(Shape.of(3), new float[] {-1, -1, -1});
        backend.countCorrect(out, 1, s.got(), l.got(), rows, cols);
        assertBitwise(new float[] {-1, correct, -1}, out.toArray(), "countCorrect at index 1");
    }

    /** Hand-checked argmax and count. */
    @Test
    void argmaxAndCountCorrectKnownAnswers() {
        Tensor scores = backend.tensor(Shape.of(4, 3), new float[] {1, 3, 3, 5, 0, 5, 0, 0, 1, -2, -1, -3});
        Tensor out = backend.zeros(Shape.of(4));
        backend.argmax(out, scores, 4, 3);
        assertBitwise(new float[] {1, 0, 2, 1}, out.toArray(), "argmax");
        Tensor labels = backend.tensor(Shape.of(4), new float[] {1, 2, 2, 1});
        Tensor count = backend.zeros(Shape.of(1));
        backend.countCorrect(count, 0, scores, labels, 4, 3);
        assertBitwise(new float[] {3}, count.toArray(), "countCorrect");
        backend.countCorrect(count, 0, scores, labels, 2, 3);
        assertBitwise(new float[] {1}, count.toArray(), "countCorrect over the first two rows only");
    }

    /** As PyTorch's argmax, a NaN is the maximum: the first NaN of a row wins, whatever follows. */
    @Test
    void argmaxTakesTheFirstNaNAsTheMaximum() {
        float nan = Float.NaN;
        Tensor scores = backend.tensor(Shape.of(4, 3), new float[] {1, nan, 9, nan, 2, nan, 5, 1, 0, 0, 9, nan});
        Tensor out = backend.zeros(Shape.of(4));
        backend.argmax(out, scores, 4, 3);
        assertBitwise(new float[] {1, 0, 0, 2}, out.toArray(), "argmax with NaN");
        Tensor labels = backend.tensor(Shape.of(4), new float[] {1, 0, 1, 1});
        Tensor count = backend.zeros(Shape.of(1));
        backend.countCorrect(count, 0, scores, labels, 4, 3);
        assertBitwise(new float[] {2}, count.toArray(), "countCorrect with NaN");
    }

    /** clipGradNorm agrees with the reference for norms above and below the limit. */
    @ParameterizedTest(name = "maxNorm {0}")
    @ValueSource(floats = {0.5f, 1e6f})
    void clipGradNormMatchesTheReference(float maxNorm) {
        int[] sizes = {1, 17, 1000, 16};
        List<Tensor> want = new ArrayList<>();
        List<Tensor> got = new ArrayList<>();
        for (int n : sizes) {
            Pair g = pair(n);
            want.add(g.want());
            got.add(g.got());
        }
        Pair total = pair(new float[] {9, 9, 9}, 3);
        reference.clipGradNorm(total.want(), 2, want, maxNorm);
        backend.clipGradNorm(total.got(), 2, got, maxNorm);
        assertNear(total, 1e-6, 0, "total norm");
        assertEquals(9f, total.got().toArray()[0], "clipGradNorm writes only its index");
        for (int i = 0; i < sizes.length; i++) {
            assertClose(want.get(i).toArray(), got.get(i).toArray(), ULPS, 1e-3, "gradient " + i);
        }
    }

    /** Hand-checked clipping: norm 5 clipped to 1, a norm within the limit untouched, NaN, infinity, no gradients. */
    @Test
    void clipGradNormKnownAnswers() {
        Tensor a = backend.tensor(Shape.of(1), new float[] {3});
        Tensor b = backend.tensor(Shape.of(1), new float[] {4});
        Tensor total = backend.zeros(Shape.of(2));
        backend.clipGradNorm(total, 0, List.of(a, b), 10f);
        assertBitwise(new float[] {5, 0}, total.toArray(), "total norm of 3 and 4");
        assertBitwise(new float[] {3}, a.toArray(), "a norm within the limit leaves gradients unchanged");
        backend.clipGradNorm(total, 1, List.of(a, b), 1f);
        float coefficient = 1f / (5f + 1e-6f);
        assertClose(new float[] {5, 5}, total.toArray(), 1e-7, 0, "total norm before clipping");
        assertClose(new float[] {3 * coefficient}, a.toArray(), ULPS, 0, "clipped a");
        assertClose(new float[] {4 * coefficient}, b.toArray(), ULPS, 0, "clipped b");

        Tensor withNaN = backend.tensor(Shape.of(2), new float[] {1, Float.NaN});
        Tensor fine = backend.tensor(Shape.of(1), new float[] {2});
        backend.clipGradNorm(total, 0, List.of(withNaN, fine), 1f);
        assertTrue(Float.isNaN(total.toArray()[0]), "a NaN gradient gives a NaN norm");
        assertBitwise(new float[] {Float.NaN}, fine.toArray(), "a NaN norm scales every gradient by NaN");

        Tensor infinite = backend.tensor(Shape.of(2), new float[] {Float.POSITIVE_INFINITY, 1});
        backend.clipGradNorm(total, 0, List.of(infinite), 1f);
        assertBitwise(new float[] {Float.POSITIVE_INFINITY}, new float[] {total.toArray()[0]}, "infinite norm");
        assertBitwise(new float[] {Float.NaN, 0}, infinite.toArray(), "an infinite norm scales by 0");

        backend.clipGradNorm(total, 1, List.of(), 1f);
        assertBitwise(new float[] {0}, new float[] {total.toArray()[1]}, "no gradients: norm 0");
    }

    // =============================================================================================================
    // Matrices
    // =============================================================================================================

    /** GEMM agrees with the reference for odd shapes, every transpose, alpha and beta. */
    @ParameterizedTest(name = "transA={0} transB={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void gemmMatchesTheReferenceForOddShapes(boolean transA, boolean transB) {
        int[][] shapes = {{1, 1, 1}, {17, 9, 5}, {15, 16, 17}, {16, 17, 15}, {129, 65, 33}, {3, 1000, 8},
            {13, 127, 300}, {1, 127, 1000}, {200, 3, 13}, {100, 130, 600}};
        float[][] alphaBeta = {{1f, 0f}, {0.5f, 2f}, {-1.5f, 1f}, {1f, -0.25f}};
        for (int[] s : shapes) {
            for (float[] ab : alphaBeta) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                Pair a = transA ? pair(k, m) : pair(m, k);
                Pair b = transB ? pair(n, k) : pair(k, n);
                Pair c = pair(m, n);
                reference.gemm(c.want(), transA, transB, m, n, k, ab[0], a.want(), b.want(), ab[1]);
                backend.gemm(c.got(), transA, transB, m, n, k, ab[0], a.got(), b.got(), ab[1]);
                assertNear(c, SUMS, 4 * Math.sqrt(k), "gemm " + m + "x" + n + "x" + k + " alpha=" + ab[0]
                        + " beta=" + ab[1]);
            }
        }
    }

    /** Hand-checked 2x2 products with every transpose, alpha and beta, and a non-square product. */
    @Test
    void gemmKnownAnswers() {
        Tensor a = backend.tensor(Shape.of(2, 2), new float[] {1, 2, 3, 4});
        Tensor b = backend.tensor(Shape.of(2, 2), new float[] {5, 6, 7, 8});
        Tensor c = backend.zeros(Shape.of(2, 2));
        backend.gemm(c, false, false, 2, 2, 2, 1f, a, b, 0f);
        assertBitwise(new float[] {19, 22, 43, 50}, c.toArray(), "a b");
        backend.gemm(c, true, false, 2, 2, 2, 1f, a, b, 0f);
        assertBitwise(new float[] {26, 30, 38, 44}, c.toArray(), "a^T b");
        backend.gemm(c, false, true, 2, 2, 2, 1f, a, b, 0f);
        assertBitwise(new float[] {17, 23, 39, 53}, c.toArray(), "a b^T");
        backend.gemm(c, true, true, 2, 2, 2, 1f, a, b, 0f);
        assertBitwise(new float[] {23, 31, 34, 46}, c.toArray(), "a^T b^T");
        backend.fill(c, 1f);
        backend.gemm(c, false, false, 2, 2, 2, 2f, a, b, 0.5f);
        assertBitwise(new float[] {38.5f, 44.5f, 86.5f, 100.5f}, c.toArray(), "2 a b + 0.5 c");
        Tensor wide = backend.tensor(Shape.of(2, 3), new float[] {1, 2, 3, 4, 5, 6});
        Tensor column = backend.tensor(Shape.of(3, 1), new float[] {1, 0, -1});
        Tensor out = backend.zeros(Shape.of(2, 1));
        backend.gemm(out, false, false, 2, 1, 3, 1f, wide, column, 0f);
        assertBitwise(new float[] {-2, -2}, out.toArray(), "(2x3)(3x1)");
    }

    /** With beta = 0, C's old values are ignored, NaN included (BLAS). */
    @Test
    void gemmWithBetaZeroIgnoresNaNInC() {
        Pair a = pair(5, 7);
        Pair b = pair(7, 40);
        float[] nan = new float[5 * 40];
        Arrays.fill(nan, Float.NaN);
        Pair c = pair(nan, 5, 40);
        reference.gemm(c.want(), false, false, 5, 40, 7, 1f, a.want(), b.want(), 0f);
        backend.gemm(c.got(), false, false, 5, 40, 7, 1f, a.got(), b.got(), 0f);
        assertNear(c, SUMS, 4, "gemm beta=0 over NaN");
    }

    /** addRowVector and sumRows agree with the reference. */
    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"1,1", "3,15", "16,16", "15,17", "127,3", "4,1000", "1000,17", "17,127"})
    void rowKernelsMatchTheReference(int rows, int cols) {
        Pair x = pair(rows, cols);
        Pair v = pair(cols);
        reference.addRowVector(x.want(), v.want(), rows, cols);
        backend.addRowVector(x.got(), v.got(), rows, cols);
        assertNear(x, ULPS, 1, "addRowVector");
        Pair out = pair(cols);
        reference.sumRows(out.want(), x.want(), rows, cols);
        backend.sumRows(out.got(), x.got(), rows, cols);
        assertNear(out, SUMS, Math.sqrt(rows), "sumRows");
    }

    /** Hand-checked row kernels: the bias is broadcast over rows, its gradient accumulated. */
    @Test
    void rowKernelsKnownAnswers() {
        Tensor x = backend.tensor(Shape.of(2, 2), new float[] {1, 2, 3, 4});
        backend.addRowVector(x, backend.tensor(Shape.of(2), new float[] {10, 20}), 2, 2);
        assertBitwise(new float[] {11, 22, 13, 24}, x.toArray(), "addRowVector");
        Tensor out = backend.tensor(Shape.of(2), new float[] {1, 1});
        backend.sumRows(out, backend.tensor(Shape.of(2, 2), new float[] {1, 2, 3, 4}), 2, 2);
        assertBitwise(new float[] {5, 7}, out.toArray(), "sumRows accumulates");
    }

    // =============================================================================================================
    // Convolution and pooling
    // =============================================================================================================

    /** Convolution forward and backward agree with the reference (n, inC, inH, inW, outC, kH, kW, s, p, d, g). */
    @ParameterizedTest(name = "{0},{1},{2},{3} -> {4}, k={5}x{6} s={7} p={8} d={9} g={10}")
    @CsvSource({
        "2,3,7,5,4,3,3,1,1,1,1",
        "1,3,8,8,5,3,3,1,1,1,1",      // batch below the thread count
        "9,2,6,6,3,3,3,2,1,1,1",      // a batch that does not split evenly; stride 2
        "3,4,9,7,6,3,2,1,2,2,2",      // dilation, groups, rectangular kernel
        "5,8,5,5,16,1,1,1,0,1,1",     // pointwise
        "2,6,6,6,6,3,3,2,0,1,6",      // depthwise
        "4,32,14,14,64,3,3,1,1,1,1",  // a Fashion-MNIST layer, smaller batch
        "1,1,1,1,1,1,1,1,0,1,1",
        "3,5,1,1,7,1,1,1,0,1,1",      // H * W = 1
        "2,4,1,1,3,3,3,1,1,1,1",      // H * W = 1 under a padded 3x3 kernel
        "1,3,15,17,16,3,3,1,1,1,1",   // awkward spatial sizes
        "2,2,5,5,3,5,5,1,0,1,1"       // kernel as large as the input
    })
    void conv2dMatchesTheReference(int n, int inC, int inH, int inW, int outC, int k1, int k2, int stride, int pad,
                                   int dilation, int groups) {
        var g = new Conv2dGeometry(n, inC, inH, inW, outC, k1, k2, stride, stride, pad, pad, dilation, dilation,
                groups);
        Pair x = pair(n, inC, inH, inW);
        Pair w = pair(outC, inC / groups, k1, k2);
        Pair b = pair(outC);
        Pair y = pair(n, outC, g.outH(), g.outW());
        int taps = inC / groups * k1 * k2;
        reference.conv2dForward(g, y.want(), x.want(), w.want(), b.want());
        backend.conv2dForward(g, y.got(), x.got(), w.got(), b.got());
        assertNear(y, SUMS, 4 * Math.sqrt(taps), "conv forward");
        reference.conv2dForward(g, y.want(), x.want(), w.want(), null);
        backend.conv2dForward(g, y.got(), x.got(), w.got(), null);
        assertNear(y, SUMS, 4 * Math.sqrt(taps), "conv forward, no bias");

        Pair dy = pair(n, outC, g.outH(), g.outW());
        Pair dx = pair(n, inC, inH, inW);
        Pair dw = pair(outC, inC / groups, k1, k2);
        Pair db = pair(outC);
        reference.conv2dBackward(g, dx.want(), dw.want(), db.want(), dy.want(), x.want(), w.want());
        backend.conv2dBackward(g, dx.got(), dw.got(), db.got(), dy.got(), x.got(), w.got());
        int spatial = g.outH() * g.outW();
        assertNear(dx, SUMS, 4 * Math.sqrt(outC / groups * k1 * k2), "dx");
        assertNear(dw, SUMS, 4 * Math.sqrt(n * spatial), "dw");
        assertNear(db, SUMS, 4 * Math.sqrt(n * spatial), "db");
        reference.conv2dBackward(g, null, dw.want(), null, dy.want(), x.want(), w.want());
        backend.conv2dBackward(g, null, dw.got(), null, dy.got(), x.got(), w.got());
        assertNear(dw, SUMS, 8 * Math.sqrt(n * spatial), "dw without dx, db");
    }

    /** Hand-checked cross-correlation of 1..9 with a 2x2 kernel, and its gradients. */
    @Test
    void conv2dKnownAnswers() {
        var g = new Conv2dGeometry(1, 1, 3, 3, 1, 2, 2, 1, 1, 0, 0, 1, 1, 1);
        Tensor x = backend.tensor(Shape.of(1, 1, 3, 3), new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Tensor w = backend.tensor(Shape.of(1, 1, 2, 2), new float[] {1, 2, 3, 4});
        Tensor y = backend.zeros(Shape.of(1, 1, 2, 2));
        backend.conv2dForward(g, y, x, w, backend.tensor(Shape.of(1), new float[] {0.5f}));
        assertBitwise(new float[] {37.5f, 47.5f, 67.5f, 77.5f}, y.toArray(), "forward (cross-correlation + bias)");
        Tensor dx = backend.zeros(x.shape());
        Tensor dw = backend.zeros(w.shape());
        Tensor db = backend.zeros(Shape.of(1));
        backend.conv2dBackward(g, dx, dw, db, backend.tensor(y.shape(), new float[] {1, 1, 1, 1}), x, w);
        assertBitwise(new float[] {1, 3, 2, 4, 10, 6, 3, 7, 4}, dx.toArray(), "dx");
        assertBitwise(new float[] {12, 16, 24, 28}, dw.toArray(), "dw");
        assertBitwise(new float[] {4}, db.toArray(), "db");
    }

    /** Backward is the adjoint of forward: {@code <conv(x), dy> = <x, dx> = <w, dw>}, as computed in double. */
    @ParameterizedTest(name = "{0},{1},{2},{3} -> {4}, k={5} s={6} p={7} d={8} g={9}")
    @CsvSource({"2,3,7,5,4,3,1,1,1,1", "3,4,9,7,6,3,2,1,2,2", "2,6,6,6,6,3,2,0,1,6", "3,5,1,1,7,1,1,0,1,1",
        "1,2,15,17,3,3,1,1,1,1"})
    void conv2dBackwardIsTheAdjointOfForward(int n, int inC, int inH, int inW, int outC, int k, int stride, int pad,
                                             int dilation, int groups) {
        var g = new Conv2dGeometry(n, inC, inH, inW, outC, k, k, stride, stride, pad, pad, dilation, dilation,
                groups);
        float[] xv = values(n * inC * inH * inW);
        float[] wv = values(outC * inC / groups * k * k);
        float[] dyv = values(n * outC * g.outH() * g.outW());
        Tensor x = on(backend, xv, n, inC, inH, inW);
        Tensor w = on(backend, wv, outC, inC / groups, k, k);
        Tensor y = backend.zeros(Shape.of(n, outC, g.outH(), g.outW()));
        backend.conv2dForward(g, y, x, w, null);
        Tensor dx = backend.zeros(x.shape());
        Tensor dw = backend.zeros(w.shape());
        backend.conv2dBackward(g, dx, dw, null, on(backend, dyv, n, outC, g.outH(), g.outW()), x, w);
        double forward = Formulas.dot(y.toArray(), dyv);
        double scale = Math.sqrt(dyv.length * (double) inC * k * k) * 4;
        assertClose(forward, Formulas.dot(xv, dx.toArray()), SUMS, scale, "<conv(x), dy> = <x, dx>");
        assertClose(forward, Formulas.dot(wv, dw.toArray()), SUMS, scale, "<conv(x), dy> = <w, dw>");
    }

    /** Max pooling agrees bit for bit with the reference: ties, NaN, signed zeros, padding as -infinity. */
    @ParameterizedTest(name = "{0},{1},{2},{3} k={4} s={5} p={6}")
    @CsvSource({"2,3,8,8,2,2,0", "3,4,9,7,3,2,1", "1,1,1,1,1,1,0", "4,64,14,14,2,2,0", "2,2,5,6,2,1,1",
        "1,5,1,1,1,1,0", "3,2,17,15,3,2,1", "2,3,16,16,2,2,1", "2,3,9,7,2,2,0", "5,3,3,3,2,2,0", "3,5,28,28,2,2,0"})
    void maxPoolingEqualsTheReference(int n, int c, int h, int w, int k, int s, int pad) {
        var pg = new Pool2dGeometry(n, c, h, w, k, k, s, s, pad, pad);
        float[] xv = values(n * c * h * w);
        for (int i = 0; i + 7 < xv.length; i += 7) {
            xv[i + 1] = xv[i];                            // ties: the first maximum wins
        }
        if (xv.length > 20) {
            xv[5] = Float.NaN;                            // NaN wins, as in PyTorch
            xv[17] = Float.NEGATIVE_INFINITY;
            xv[0] = -0f;                                  // a zero maximum: the first of -0 and +0 wins
            xv[1] = 0f;
            xv[w] = -1f;
            xv[w + 1] = -2f;
        }
        Pair x = pair(xv, n, c, h, w);
        Pair y = pair(n, c, pg.outH(), pg.outW());
        reference.maxPool2dForward(pg, y.want(), x.want());
        backend.maxPool2dForward(pg, y.got(), x.got());
        assertEqualBits(y, "max pool forward");
        Pair dy = pair(n, c, pg.outH(), pg.outW());
        Pair dx = pair(n, c, h, w);
        reference.maxPool2dBackward(pg, dx.want(), dy.want(), x.want());
        backend.maxPool2dBackward(pg, dx.got(), dy.got(), x.got());
        assertNear(dx, ULPS, 1, "max pool backward");
    }

    /**
     * Max pooling of rectified inputs, where most windows hold zeros of either sign, agrees bit for bit with the
     * reference: the first zero wins with its sign, and its gradient goes there.
     */
    @ParameterizedTest(name = "{0},{1},{2},{3}")
    @CsvSource({"4,32,28,28", "3,7,10,6", "2,64,14,14"})
    void maxPoolingOfRectifiedInputsEqualsTheReference(int n, int c, int h, int w) {
        var pg = new Pool2dGeometry(n, c, h, w, 2, 2, 2, 2, 0, 0);
        float[] xv = values(n * c * h * w);
        for (int i = 0; i < xv.length; i++) {
            if (xv[i] < 0) {
                xv[i] = i % 3 == 0 ? -0f : 0f;
            }
        }
        Pair x = pair(xv, n, c, h, w);
        Pair y = pair(n, c, pg.outH(), pg.outW());
        reference.maxPool2dForward(pg, y.want(), x.want());
        backend.maxPool2dForward(pg, y.got(), x.got());
        assertEqualBits(y, "max pool forward");
        Pair dy = pair(n, c, pg.outH(), pg.outW());
        Pair dx = pair(n, c, h, w);
        reference.maxPool2dBackward(pg, dx.want(), dy.want(), x.want());
        backend.maxPool2dBackward(pg, dx.got(), dy.got(), x.got());
        assertEqualBits(dx, "max pool backward");
    }

    /** Average pooling agrees with the reference. */
    @ParameterizedTest(name = "{0},{1},{2},{3} k={4} s={5} p={6}")
    @CsvSource({"2,3,8,8,2,2,0", "3,4,9,7,3,2,1", "1,1,1,1,1,1,0", "4,64,14,14,2,2,0", "2,2,5,6,2,1,1",
        "1,5,1,1,1,1,0", "3,2,17,15,3,2,1", "2,3,16,16,2,2,1"})
    void averagePoolingMatchesTheReference(int n, int c, int h, int w, int k, int s, int pad) {
        var pg = new Pool2dGeometry(n, c, h, w, k, k, s, s, pad, pad);
        Pair x = pair(n, c, h, w);
        Pair y = pair(n, c, pg.outH(), pg.outW());
        reference.avgPool2dForward(pg, y.want(), x.want());
        backend.avgPool2dForward(pg, y.got(), x.got());
        assertNear(y, ULPS, 1, "avg pool forward");
        Pair dy = pair(n, c, pg.outH(), pg.outW());
        Pair dx = pair(n, c, h, w);
        reference.avgPool2dBackward(pg, dx.want(), dy.want());
        backend.avgPool2dBackward(pg, dx.got(), dy.got());
        assertNear(dx, ULPS, 1, "avg pool backward");
    }

    /** Rectangular windows with unequal strides and padding, max and average. */
    @Test
    void rectangularPoolingMatchesTheReference() {
        var pg = new Pool2dGeometry(3, 4, 9, 7, 2, 3, 2, 1, 1, 1);
        Pair x = pair(3, 4, 9, 7);
        Pair y = pair(3, 4, pg.outH(), pg.outW());
        Pair dy = pair(3, 4, pg.outH(), pg.outW());
        Pair dx = pair(3, 4, 9, 7);
        reference.maxPool2dForward(pg, y.want(), x.want());
        backend.maxPool2dForward(pg, y.got(), x.got());
        assertEqualBits(y, "max pool");
        reference.maxPool2dBackward(pg, dx.want(), dy.want(), x.want());
        backend.maxPool2dBackward(pg, dx.got(), dy.got(), x.got());
        assertNear(dx, ULPS, 1, "max pool backward");
        reference.avgPool2dForward(pg, y.want(), x.want());
        backend.avgPool2dForward(pg, y.got(), x.got());
        assertNear(y, ULPS, 1, "avg pool");
        reference.avgPool2dBackward(pg, dx.want(), dy.want());
        backend.avgPool2dBackward(pg, dx.got(), dy.got());
        assertNear(dx, ULPS, 1, "avg pool backward");
    }

    /** Hand-checked pooling of 1..16, and of 1..4 with padding (average divides by the full window). */
    @Test
    void poolingKnownAnswers() {
        float[] v = new float[16];
        for (int i = 0; i < 16; i++) {
            v[i] = i + 1;
        }
        var pg = new Pool2dGeometry(1, 1, 4, 4, 2, 2, 2, 2, 0, 0);
        Tensor x = backend.tensor(Shape.of(1, 1, 4, 4), v);
        Tensor y = backend.zeros(Shape.of(1, 1, 2, 2));
        backend.maxPool2dForward(pg, y, x);
        assertBitwise(new float[] {6, 8, 14, 16}, y.toArray(), "max pool");
        Tensor dx = backend.zeros(x.shape());
        backend.maxPool2dBackward(pg, dx, backend.tensor(y.shape(), new float[] {1, 2, 3, 4}), x);
        assertBitwise(new float[] {0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4}, dx.toArray(),
                "max pool routes each gradient to its maximum");
        backend.avgPool2dForward(pg, y, x);
        assertBitwise(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, y.toArray(), "avg pool");
        backend.fill(dx, 0f);
        backend.avgPool2dBackward(pg, dx, backend.tensor(y.shape(), new float[] {4, 8, 12, 16}));
        assertBitwise(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, dx.toArray(),
                "avg pool spreads each gradient over its window");

        var padded = new Pool2dGeometry(1, 1, 2, 2, 2, 2, 2, 2, 1, 1);
        Tensor small = backend.tensor(Shape.of(1, 1, 2, 2), new float[] {-1, -2, -3, -4});
        backend.maxPool2dForward(padded, y, small);
        assertBitwise(new float[] {-1, -2, -3, -4}, y.toArray(), "max pool: padding is -infinity, not 0");
        backend.avgPool2dForward(padded, y, small);
        assertBitwise(new float[] {-0.25f, -0.5f, -0.75f, -1f}, y.toArray(), "avg pool: padding counts");
    }

    /** Pooling backward is the adjoint of forward, computed in double. */
    @ParameterizedTest(name = "{0},{1},{2},{3} k={4} s={5} p={6}")
    @CsvSource({"2,3,8,8,2,2,0", "3,4,9,7,3,2,1", "3,2,17,15,3,2,1", "1,5,1,1,1,1,0"})
    void poolingBackwardIsTheAdjointOfForward(int n, int c, int h, int w, int k, int s, int pad) {
        var pg = new Pool2dGeometry(n, c, h, w, k, k, s, s, pad, pad);
        float[] xv = values(n * c * h * w);
        float[] dyv = values(n * c * pg.outH() * pg.outW());
        Tensor x = on(backend, xv, n, c, h, w);
        Tensor dy = on(backend, dyv, n, c, pg.outH(), pg.outW());
        Tensor y = backend.zeros(dy.shape());
        Tensor dx = backend.zeros(x.shape());
        backend.maxPool2dForward(pg, y, x);
        backend.maxPool2dBackward(pg, dx, dy, x);
        assertClose(Formulas.dot(y.toArray(), dyv), Formulas.dot(xv, dx.toArray()), ULPS, Math.sqrt(dyv.length),
                "max pool: <pool(x), dy> = <x, dx>");
        backend.avgPool2dForward(pg, y, x);
        backend.fill(dx, 0f);
        backend.avgPool2dBackward(pg, dx, dy);
        assertClose(Formulas.dot(y.toArray(), dyv), Formulas.dot(xv, dx.toArray()), SUMS, Math.sqrt(dyv.length),
                "avg pool: <pool(x), dy> = <x, dx>");
    }

    // =============================================================================================================
    // Losses
    // =============================================================================================================

    /** Softmax cross-entropy and its gradient agree with the reference, with and without label smoothing. */
    @ParameterizedTest(name = "{0} x {1}, smoothing {2}")
    @CsvSource({"1,1,0", "3,15,0.1", "17,16,0", "16,17,0.2", "127,3,0.1", "4,1000,0", "13,10,0.1"})
    void softmaxCrossEntropyMatchesTheReference(int rows, int classes, float smoothing) {
        float[] t = new float[rows];
        for (int r = 0; r < rows; r++) {
            t[r] = random.nextInt(classes);
        }
        Pair logits = pair(rows, classes);
        Pair targets = pair(t, rows);
        Pair losses = pair(rows);
        Pair grad = pair(rows, classes);
        reference.softmaxCrossEntropy(losses.want(), grad.want(), logits.want(), targets.want(), rows, classes,
                smoothing);
        backend.softmaxCrossEntropy(losses.got(), grad.got(), logits.got(), targets.got(), rows, classes, smoothing);
        assertNear(losses, SUMS, 1, "cross-entropy");
        assertNear(grad, SUMS, 1e-2, "cross-entropy gradient");
        Pair lossOnly = pair(rows);
        reference.softmaxCrossEntropy(lossOnly.want(), null, logits.want(), targets.want(), rows, classes,
                smoothing);
        backend.softmaxCrossEntropy(lossOnly.got(), null, logits.got(), targets.got(), rows, classes, smoothing);
        assertNear(lossOnly, SUMS, 1, "cross-entropy without a gradient");
    }

    /** Hand-checked cross-entropy: ln 2, smoothing, and a logit of 1000 without overflow. */
    @Test
    void softmaxCrossEntropyKnownAnswers() {
        Tensor loss = backend.zeros(Shape.of(1));
        Tensor grad = backend.zeros(Shape.of(1, 3));
        backend.softmaxCrossEntropy(loss, grad, backend.tensor(Shape.of(1, 3), new float[] {1, 2, 3}),
                backend.tensor(Shape.of(1), new float[] {2}), 1, 3, 0f);
        assertValues(new float[] {0.40760596444438013f}, loss, 1e-6, 0, "loss of logits 1, 2, 3 at class 2");
        assertValues(new float[] {0.09003057f, 0.24472847f, -0.33475904f}, grad, 1e-6, 1e-6, "its gradient");
        backend.softmaxCrossEntropy(loss, grad, backend.tensor(Shape.of(1, 3), new float[] {1, 2, 3}),
                backend.tensor(Shape.of(1), new float[] {2}), 1, 3, 0.3f);
        assertValues(new float[] {0.70760596444438f}, loss, 1e-6, 0, "with label smoothing 0.3");
        assertValues(new float[] {-0.00996943f, 0.14472847f, -0.13475904f}, grad, 1e-5, 1e-6, "its gradient");
        Tensor two = backend.zeros(Shape.of(2));
        Tensor grad2 = backend.zeros(Shape.of(2, 2));
        backend.softmaxCrossEntropy(two, grad2, backend.tensor(Shape.of(2, 2), new float[] {0, 0, 1000, 0}),
                backend.tensor(Shape.of(2), new float[] {0, 1}), 2, 2, 0f);
        assertValues(new float[] {0.6931471805599453f, 1000f}, two, 1e-6, 0, "ln 2, and a logit of 1000");
        assertValues(new float[] {-0.5f, 0.5f, 1f, -1f}, grad2, 1e-6, 1e-6, "their gradients");
    }

    /** The cross-entropy gradient is the derivative of the loss (central differences). */
    @Test
    void softmaxCrossEntropyGradientMatchesFiniteDifferences() {
        int rows = 3;
        int classes = 5;
        float[] z = values(rows * classes);
        float[] targets = {4, 0, 2};
        Tensor losses = backend.zeros(Shape.of(rows));
        Tensor t = on(backend, targets, rows);
        ToDoubleFunction<float[]> loss = v -> {
            backend.softmaxCrossEntropy(losses, null, on(backend, v, rows, classes), t, rows, classes, 0.1f);
            return backend.sum(losses);
        };
        double[] numeric = Formulas.numericGradient(z, 1e-2f, loss);
        Tensor grad = backend.zeros(Shape.of(rows, classes));
        backend.softmaxCrossEntropy(losses, grad, on(backend, z, rows, classes), t, rows, classes, 0.1f);
        assertClose(toFloats(numeric), grad.toArray(), 1e-2, 0.1, "cross-entropy gradient against finite differences");
    }

    /** Binary cross-entropy with logits agrees with the reference, with and without positive weights. */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void binaryCrossEntropyMatchesTheReference(int n) {
        float[] probs = new float[n];
        for (int i = 0; i < n; i++) {
            probs[i] = i % 5 == 0 ? (float) random.nextInt(2) : (float) random.nextDouble();
        }
        Pair logits = pair(n);
        Pair targets = pair(probs, n);
        for (int period : new int[] {0, 1, 3}) {
            Pair pw = period == 0 ? null : pair(new float[] {2f, 0.5f, 3f}, 3);
            Pair losses = pair(n);
            Pair grad = pair(n);
            reference.binaryCrossEntropyWithLogits(losses.want(), grad.want(), logits.want(), targets.want(),
                    pw == null ? null : pw.want(), n, Math.max(period, 1));
            backend.binaryCrossEntropyWithLogits(losses.got(), grad.got(), logits.got(), targets.got(),
                    pw == null ? null : pw.got(), n, Math.max(period, 1));
            assertNear(losses, SUMS, 1, "bce, weight period " + period);
            assertNear(grad, SUMS, 1, "bce gradient, weight period " + period);
            reference.binaryCrossEntropyWithLogits(losses.want(), null, logits.want(), targets.want(),
                    pw == null ? null : pw.want(), n, Math.max(period, 1));
            backend.binaryCrossEntropyWithLogits(losses.got(), null, logits.got(), targets.got(),
                    pw == null ? null : pw.got(), n, Math.max(period, 1));
            assertNear(losses, SUMS, 1, "bce without a gradient, weight period " + period);
        }
    }

    /** Hand-checked binary cross-entropy: ln 2, the stable form at |x| = 100, positive weights. */
    @Test
    void binaryCrossEntropyKnownAnswers() {
        Tensor losses = backend.zeros(Shape.of(3));
        Tensor grad = backend.zeros(Shape.of(3));
        backend.binaryCrossEntropyWithLogits(losses, grad, backend.tensor(Shape.of(3), new float[] {0, 100, -100}),
                backend.tensor(Shape.of(3), new float[] {1, 0, 1}), null, 3, 1);
        assertValues(new float[] {0.6931471805599453f, 100, 100}, losses, 1e-6, 0, "losses");
        assertValues(new float[] {-0.5f, 1, -1}, grad, 1e-6, 1e-6, "gradients");
        Tensor two = backend.zeros(Shape.of(2));
        Tensor grad2 = backend.zeros(Shape.of(2));
        backend.binaryCrossEntropyWithLogits(two, grad2, backend.tensor(Shape.of(2), new float[] {0, 0}),
                backend.tensor(Shape.of(2), new float[] {1, 0.5f}), backend.tensor(Shape.of(1), new float[] {3}),
                2, 1);
        assertValues(new float[] {2.0794415416798357f, 1.3862943611198906f}, two, 1e-6, 0, "positive weight 3");
        assertValues(new float[] {-1.5f, -0.5f}, grad2, 1e-6, 1e-6, "their gradients");
    }

    /** The binary cross-entropy gradient is the derivative of the loss (central differences). */
    @Test
    void binaryCrossEntropyGradientMatchesFiniteDifferences() {
        int n = 17;
        float[] x = values(n);
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = (float) random.nextDouble();
        }
        Tensor targets = on(backend, t, n);
        Tensor weights = on(backend, new float[] {2f, 0.5f}, 2);
        Tensor losses = backend.zeros(Shape.of(n));
        Tensor grad = backend.zeros(Shape.of(n));
        backend.binaryCrossEntropyWithLogits(losses, grad, on(backend, x, n), targets, weights, n, 2);
        double[] numeric = Formulas.numericGradient(x, 1e-2f, v -> {
            backend.binaryCrossEntropyWithLogits(losses, null, on(backend, v, n), targets, weights, n, 2);
            return backend.sum(losses);
        });
        assertClose(toFloats(numeric), grad.toArray(), 1e-2, 0.1, "bce gradient against finite differences");
    }

    // =============================================================================================================
    // Optimizers
    // =============================================================================================================

    /** SGD with and without momentum, dampening, weight decay and Nesterov agrees with the reference. */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void sgdStepsMatchTheReference(int n) {
        float[][] settings = {{0f, 0f, 0f, 0f}, {0.9f, 0f, 1e-2f, 0f}, {0.9f, 0.1f, 0f, 1f}, {0.5f, 0f, 1e-3f, 1f}};
        for (float[] s : settings) {
            Pair p = pair(n);
            Pair g = pair(n);
            Pair buf = pair(n);
            for (int step = 0; step < 3; step++) {
                boolean nesterov = s[3] == 1f;
                Tensor bufRef = s[0] == 0f ? null : buf.want();
                Tensor bufGot = s[0] == 0f ? null : buf.got();
                reference.sgdStep(p.want(), bufRef, g.want(), 0.05f, s[0], s[1], s[2], nesterov, step == 0);
                backend.sgdStep(p.got(), bufGot, g.got(), 0.05f, s[0], s[1], s[2], nesterov, step == 0);
            }
            String what = "sgd momentum=" + s[0] + " dampening=" + s[1] + " decay=" + s[2] + " nesterov=" + s[3];
            assertNear(p, ULPS, 1, what + ": params");
            assertNear(buf, ULPS, 1, what + ": momentum buffer");
        }
    }

    /** Adam and AdamW with and without decay agree with the reference. */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void adamStepsMatchTheReference(int n) {
        for (boolean decoupled : new boolean[] {false, true}) {
            for (float decay : new float[] {0f, 0.01f}) {
                Pair p = pair(n);
                Pair g = pair(n);
                Pair m = pair(new float[n], n);
                Pair v = pair(new float[n], n);
                for (int step = 1; step <= 3; step++) {
                    reference.adamStep(p.want(), m.want(), v.want(), g.want(), 1e-3f, 0.9f, 0.999f, 1e-8f, decay,
                            decoupled, step);
                    backend.adamStep(p.got(), m.got(), v.got(), g.got(), 1e-3f, 0.9f, 0.999f, 1e-8f, decay,
                            decoupled, step);
                }
                String what = "adam decoupled=" + decoupled + " decay=" + decay;
                assertNear(p, ULPS, 1, what + ": params");
                assertNear(m, ULPS, 1e-3, what + ": m");
                assertNear(v, 1e-5, 1e-6, what + ": v");
            }
        }
    }

    /** Hand-checked SGD and Adam steps. */
    @Test
    void optimizerKnownAnswers() {
        Tensor p = backend.tensor(Shape.of(1), new float[] {1});
        Tensor g = backend.tensor(Shape.of(1), new float[] {0.5f});
        backend.sgdStep(p, null, g, 0.1f, 0f, 0f, 0f, false, true);
        assertValues(new float[] {0.95f}, p, 1e-7, 0, "plain sgd");
        backend.write(p, new float[] {1});
        Tensor buf = backend.zeros(Shape.of(1));
        backend.sgdStep(p, buf, g, 0.1f, 0.9f, 0f, 0f, false, true);
        backend.sgdStep(p, buf, g, 0.1f, 0.9f, 0f, 0f, false, false);
        assertValues(new float[] {0.855f}, p, 1e-6, 0, "two momentum steps");
        assertValues(new float[] {0.95f}, buf, 1e-6, 0, "the momentum buffer");
        backend.write(p, new float[] {1});
        backend.sgdStep(p, buf, g, 0.1f, 0.9f, 0f, 0f, true, true);
        assertValues(new float[] {0.905f}, p, 1e-6, 0, "a Nesterov step");
        backend.write(p, new float[] {1});
        backend.sgdStep(p, null, g, 0.1f, 0f, 0f, 0.1f, false, true);
        assertValues(new float[] {0.94f}, p, 1e-6, 0, "sgd with weight decay");

        Tensor m = backend.zeros(Shape.of(1));
        Tensor v = backend.zeros(Shape.of(1));
        backend.write(p, new float[] {1});
        backend.write(g, new float[] {2});
        backend.adamStep(p, m, v, g, 0.01f, 0.9f, 0.999f, 1e-8f, 0f, false, 1);
        assertValues(new float[] {0.99f}, p, 1e-6, 0, "the first Adam step moves by lr");
        assertValues(new float[] {0.2f}, m, 1e-6, 0, "m");
        assertValues(new float[] {0.004f}, v, 1e-4, 0, "v (1 - beta2 is rounded to float32)");
        backend.write(p, new float[] {1});
        backend.fill(m, 0f);
        backend.fill(v, 0f);
        backend.adamStep(p, m, v, g, 0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, true, 1);
        assertValues(new float[] {0.989f}, p, 1e-6, 0, "AdamW decays the weight first");
    }

    // =============================================================================================================
    // Normalization
    // =============================================================================================================

    /** BatchNorm's channel kernels agree with the reference, at every inner size including H * W = 1. */
    @ParameterizedTest(name = "inner {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void batchNormChannelKernelsMatchTheReference(int inner) {
        NormKernels norm = norm(backend);
        int n = 3;
        int c = 5;
        float[] xv = values(n * c * inner);
        for (int i = 0; i < xv.length; i++) {
            xv[i] = 3f + 0.5f * xv[i];                   // an offset mean: the two-pass variance must not cancel
        }
        Pair x = pair(xv, n, c, inner);
        Pair mean = pair(c);
        Pair var = pair(c);
        Pair invstd = pair(c);
        reference.norm().channelStatistics(mean.want(), var.want(), invstd.want(), x.want(), n, c, inner, 1e-5f);
        norm.channelStatistics(mean.got(), var.got(), invstd.got(), x.got(), n, c, inner, 1e-5f);
        assertNear(mean, 1e-7, 0, "mean");
        assertNear(var, 1e-6, 0, "var");
        assertNear(invstd, 1e-6, 0, "invstd");
        Pair mean2 = pair(c);
        Pair invstd2 = pair(c);
        norm.channelStatistics(mean2.got(), null, invstd2.got(), x.got(), n, c, inner, 1e-5f);
        assertClose(mean.got().toArray(), mean2.got().toArray(), 0, 0, "mean without var");
        assertClose(invstd.got().toArray(), invstd2.got().toArray(), 0, 0, "invstd without var");
        // the rest takes the reference's statistics, so that only the kernel under test differs
        Pair weight = pair(c);
        Pair bias = pair(c);
        Pair dy = pair(n, c, inner);
        for (boolean affine : new boolean[] {true, false}) {
            Pair y = pair(n, c, inner);
            reference.norm().channelNormForward(y.want(), x.want(), mean.want(), invstd.want(),
                    affine ? weight.want() : null, affine ? bias.want() : null, n, c, inner);
            norm.channelNormForward(y.got(), x.got(), mean.got(), invstd.got(), affine ? weight.got() : null,
                    affine ? bias.got() : null, n, c, inner);
            assertNear(y, 1e-5, 1, "batch norm forward, affine=" + affine);
            for (boolean batchStatistics : new boolean[] {true, false}) {
                Pair dx = pair(n, c, inner);
                Pair dw = pair(c);
                Pair db = pair(c);
                reference.norm().channelNormBackward(dx.want(), dw.want(), db.want(), dy.want(), x.want(),
                        mean.want(), invstd.want(), affine ? weight.want() : null, n, c, inner, batchStatistics);
                norm.channelNormBackward(dx.got(), dw.got(), db.got(), dy.got(), x.got(), mean.got(),
                        invstd.got(), affine ? weight.got() : null, n, c, inner, batchStatistics);
                String what = "batch norm backward, affine=" + affine + ", batch statistics=" + batchStatistics;
                assertNear(dx, 1e-5, 1, what + ": dx");
                assertNear(dw, 1e-6, Math.sqrt(n * inner), what + ": dweight");
                assertNear(db, 1e-6, Math.sqrt(n * inner), what + ": dbias");
            }
        }
        Pair dx = pair(n, c, inner);
        reference.norm().channelNormBackward(dx.want(), null, null, dy.want(), x.want(), mean.want(),
                invstd.want(), null, n, c, inner, true);
        norm.channelNormBackward(dx.got(), null, null, dy.got(), x.got(), mean.got(), invstd.got(), null, n, c,
                inner, true);
        assertNear(dx, 1e-5, 1, "batch norm backward, dx only");
    }

    /** Hand-checked channel statistics of {@code (2, 2, 1)}: H * W = 1. */
    @Test
    void channelStatisticsKnownAnswers() {
        NormKernels norm = norm(backend);
        Tensor x = backend.tensor(Shape.of(2, 2, 1), new float[] {1, 10, 3, 20});
        Tensor mean = backend.zeros(Shape.of(2));
        Tensor var = backend.zeros(Shape.of(2));
        Tensor invstd = backend.zeros(Shape.of(2));
        norm.channelStatistics(mean, var, invstd, x, 2, 2, 1, 0f);
        assertBitwise(new float[] {2, 15}, mean.toArray(), "mean");
        assertBitwise(new float[] {1, 25}, var.toArray(), "biased variance");
        assertValues(new float[] {1, 0.2f}, invstd, 1e-7, 0, "invstd");
        Tensor y = backend.zeros(x.shape());
        norm.channelNormForward(y, x, mean, invstd, backend.tensor(Shape.of(2), new float[] {2, 1}),
                backend.tensor(Shape.of(2), new float[] {0, 5}), 2, 2, 1);
        assertValues(new float[] {-2, 4, 2, 6}, y, 1e-6, 0, "(x - mean) invstd weight + bias");
    }

    /** BatchNorm's backward with batch statistics is the derivative of statistics plus forward. */
    @ParameterizedTest(name = "inner {0}")
    @ValueSource(ints = {1, 3})
    void batchNormBackwardMatchesFiniteDifferences(int inner) {
        NormKernels norm = norm(backend);
        int n = 4;
        int c = 2;
        float[] xv = values(n * c * inner);
        float[] dyv = values(n * c * inner);
        Tensor weight = on(backend, new float[] {1.5f, -0.5f}, c);
        Tensor dy = on(backend, dyv, n, c, inner);
        Tensor mean = backend.zeros(Shape.of(c));
        Tensor invstd = backend.zeros(Shape.of(c));
        Tensor y = backend.zeros(Shape.of(n, c, inner));
        ToDoubleFunction<float[]> loss = v -> {
            Tensor x = on(backend, v, n, c, inner);
            norm.channelStatistics(mean, null, invstd, x, n, c, inner, 1e-5f);
            norm.channelNormForward(y, x, mean, invstd, weight, null, n, c, inner);
            return Formulas.dot(y.toArray(), dyv);
        };
        double[] numeric = Formulas.numericGradient(xv, 1e-2f, loss);
        Tensor x = on(backend, xv, n, c, inner);
        norm.channelStatistics(mean, null, invstd, x, n, c, inner, 1e-5f);
        Tensor dx = backend.zeros(x.shape());
        norm.channelNormBackward(dx, null, null, dy, x, mean, invstd, weight, n, c, inner, true);
        assertClose(toFloats(numeric), dx.toArray(), 2e-2, 0.1, "batch norm dx against finite differences");
    }

    /** inverseStd and the running-statistics update agree with the reference and with hand-checked values. */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void runningStatisticsKernelsMatchTheReference(int c) {
        NormKernels norm = norm(backend);
        float[] variances = values(c);
        for (int i = 0; i < c; i++) {
            variances[i] = Math.abs(variances[i]) + 0.01f;
        }
        Pair var = pair(variances, c);
        Pair invstd = pair(c);
        reference.norm().inverseStd(invstd.want(), var.want(), c, 1e-3f);
        norm.inverseStd(invstd.got(), var.got(), c, 1e-3f);
        assertNear(invstd, ULPS, 0, "inverseStd");
        int groups = 3;
        float[] batchVar = values(groups * c);
        for (int i = 0; i < batchVar.length; i++) {
            batchVar[i] = Math.abs(batchVar[i]);
        }
        Pair runningMean = pair(c);
        Pair runningVar = pair(variances, c);
        Pair mean = pair(groups, c);
        Pair bv = pair(batchVar, groups, c);
        reference.norm().updateRunningStatistics(runningMean.want(), runningVar.want(), mean.want(), bv.want(),
                groups, c, 17, 0.1f);
        norm.updateRunningStatistics(runningMean.got(), runningVar.got(), mean.got(), bv.got(), groups, c, 17, 0.1f);
        assertNear(runningMean, ULPS, 1, "running mean");
        assertNear(runningVar, ULPS, 1, "running var");
    }

    /** Hand-checked inverseStd and running-statistics update (unbiased variance, momentum 0.1, two groups). */
    @Test
    void runningStatisticsKnownAnswers() {
        NormKernels norm = norm(backend);
        Tensor invstd = backend.zeros(Shape.of(2));
        norm.inverseStd(invstd, backend.tensor(Shape.of(2), new float[] {0.25f, 3.99f}), 2, 0.01f);
        assertValues(new float[] {1f / (float) Math.sqrt(0.26), 0.5f}, invstd, 1e-6, 0, "inverseStd");
        Tensor runningMean = backend.tensor(Shape.of(1), new float[] {0});
        Tensor runningVar = backend.tensor(Shape.of(1), new float[] {1});
        norm.updateRunningStatistics(runningMean, runningVar, backend.tensor(Shape.of(2, 1), new float[] {1, 3}),
                backend.tensor(Shape.of(2, 1), new float[] {3, 6}), 2, 1, 4, 0.1f);
        assertValues(new float[] {0.2f}, runningMean, 1e-6, 0, "running mean: 0.9 * 0 + 0.1 * mean(1, 3)");
        assertValues(new float[] {1.5f}, runningVar, 1e-6, 0, "running var: 0.9 * 1 + 0.1 * mean(3, 6) * 4 / 3");
    }

    /** LayerNorm's statistics, forward and backward agree with the reference. */
    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"1,1", "3,15", "16,16", "17,17", "6,37", "127,3", "2,1000", "1,3", "1,1000", "9,127", "8,64", "4,1"})
    void layerNormKernelsMatchTheReference(int rows, int cols) {
        NormKernels norm = norm(backend);
        Pair x = pair(rows, cols);
        Pair mean = pair(rows);
        Pair var = pair(rows);
        Pair rstd = pair(rows);
        reference.norm().rowStatistics(mean.want(), var.want(), rstd.want(), x.want(), rows, cols, 1e-5f);
        norm.rowStatistics(mean.got(), var.got(), rstd.got(), x.got(), rows, cols, 1e-5f);
        assertNear(mean, 1e-6, 1e-6, "row mean");
        assertNear(var, 1e-6, 1e-6, "row var");
        assertNear(rstd, 1e-6, 0, "row rstd");
        Pair rstd2 = pair(rows);
        norm.rowStatistics(mean.got(), null, rstd2.got(), x.got(), rows, cols, 1e-5f);
        assertClose(rstd.got().toArray(), rstd2.got().toArray(), 0, 0, "rstd without var");
        Pair w = pair(cols);
        Pair b = pair(cols);
        Pair dy = pair(rows, cols);
        for (boolean affine : new boolean[] {true, false}) {
            Pair y = pair(rows, cols);
            reference.norm().layerNormForward(y.want(), x.want(), mean.want(), rstd.want(),
                    affine ? w.want() : null, affine ? b.want() : null, rows, cols);
            norm.layerNormForward(y.got(), x.got(), mean.got(), rstd.got(), affine ? w.got() : null,
                    affine ? b.got() : null, rows, cols);
            assertNear(y, 1e-5, 1, "layer norm forward, affine=" + affine);
            Pair dx = pair(rows, cols);
            Pair dw = pair(cols);
            Pair db = pair(cols);
            reference.norm().layerNormBackward(dx.want(), affine ? dw.want() : null, affine ? db.want() : null,
                    dy.want(), x.want(), mean.want(), rstd.want(), affine ? w.want() : null, rows, cols);
            norm.layerNormBackward(dx.got(), affine ? dw.got() : null, affine ? db.got() : null, dy.got(), x.got(),
                    mean.got(), rstd.got(), affine ? w.got() : null, rows, cols);
            assertNear(dx, 1e-5, 1, "layer norm backward dx, affine=" + affine);
            assertNear(dw, 1e-5, Math.sqrt(rows), "layer norm backward dweight, affine=" + affine);
            assertNear(db, 1e-5, Math.sqrt(rows), "layer norm backward dbias, affine=" + affine);
        }
        Pair dx = pair(rows, cols);
        reference.norm().layerNormBackward(dx.want(), null, null, dy.want(), x.want(), mean.want(), rstd.want(),
                w.want(), rows, cols);
        norm.layerNormBackward(dx.got(), null, null, dy.got(), x.got(), mean.got(), rstd.got(), w.got(), rows,
                cols);
        assertNear(dx, 1e-5, 1, "layer norm backward, dx only");
    }

    /** Hand-checked LayerNorm of 1, 2, 3, 4 and RMSNorm of 3, 4. */
    @Test
    void rowNormalizationKnownAnswers() {
        NormKernels norm = norm(backend);
        Tensor x = backend.tensor(Shape.of(1, 4), new float[] {1, 2, 3, 4});
        Tensor mean = backend.zeros(Shape.of(1));
        Tensor var = backend.zeros(Shape.of(1));
        Tensor rstd = backend.zeros(Shape.of(1));
        norm.rowStatistics(mean, var, rstd, x, 1, 4, 0f);
        assertBitwise(new float[] {2.5f}, mean.toArray(), "mean");
        assertBitwise(new float[] {1.25f}, var.toArray(), "biased variance");
        assertValues(new float[] {(float) (1 / Math.sqrt(1.25))}, rstd, 1e-7, 0, "rstd");
        Tensor y = backend.zeros(x.shape());
        norm.layerNormForward(y, x, mean, rstd, null, null, 1, 4);
        float s = (float) (1 / Math.sqrt(1.25));
        assertValues(new float[] {-1.5f * s, -0.5f * s, 0.5f * s, 1.5f * s}, y, 1e-6, 0, "layer norm");
        Tensor r = backend.tensor(Shape.of(1, 2), new float[] {3, 4});
        Tensor rrms = backend.zeros(Shape.of(1));
        Tensor ry = backend.zeros(r.shape());
        norm.rmsNormForward(ry, rrms, r, backend.tensor(Shape.of(2), new float[] {1, 2}), 1, 2, 0f);
        assertValues(new float[] {(float) (1 / Math.sqrt(12.5))}, rrms, 1e-7, 0, "1 / rms");
        assertValues(new float[] {(float) (3 / Math.sqrt(12.5)), (float) (8 / Math.sqrt(12.5))}, ry, 1e-6, 0,
                "rms norm with weight 1, 2");
    }

    /** GroupNorm's forward and backward agree with the reference (n, c, inner, groups), InstanceNorm included. */
    @ParameterizedTest(name = "n={0} c={1} inner={2} groups={3}")
    @CsvSource({"2,6,5,3", "3,4,1,2", "1,16,17,4", "2,15,16,5", "4,3,1,3", "2,8,127,1", "3,16,15,16"})
    void groupNormKernelsMatchTheReference(int n, int c, int inner, int groups) {
        NormKernels norm = norm(backend);
        int rows = n * groups;
        int cols = c / groups * inner;
        Pair x = pair(n, c, inner);
        Pair mean = pair(rows);
        Pair rstd = pair(rows);
        reference.norm().rowStatistics(mean.want(), null, rstd.want(), x.want(), rows, cols, 1e-5f);
        norm.rowStatistics(mean.got(), null, rstd.got(), x.got(), rows, cols, 1e-5f);
        assertNear(mean, 1e-6, 1e-6, "group mean");
        assertNear(rstd, 1e-6, 0, "group rstd");
        Pair w = pair(c);
        Pair b = pair(c);
        Pair dy = pair(n, c, inner);
        for (boolean affine : new boolean[] {true, false}) {
            Pair y = pair(n, c, inner);
            reference.norm().groupNormForward(y.want(), x.want(), mean.want(), rstd.want(),
                    affine ? w.want() : null, affine ? b.want() : null, n, c, inner, groups);
            norm.groupNormForward(y.got(), x.got(), mean.got(), rstd.got(), affine ? w.got() : null,
                    affine ? b.got() : null, n, c, inner, groups);
            assertNear(y, 1e-5, 1, "group norm forward, affine=" + affine);
            Pair dx = pair(n, c, inner);
            Pair dw = pair(c);
            Pair db = pair(c);
            reference.norm().groupNormBackward(dx.want(), affine ? dw.want() : null, affine ? db.want() : null,
                    dy.want(), x.want(), mean.want(), rstd.want(), affine ? w.want() : null, n, c, inner, groups);
            norm.groupNormBackward(dx.got(), affine ? dw.got() : null, affine ? db.got() : null, dy.got(), x.got(),
                    mean.got(), rstd.got(), affine ? w.got() : null, n, c, inner, groups);
            assertNear(dx, 1e-5, 1, "group norm backward dx, affine=" + affine);
            assertNear(dw, 1e-5, Math.sqrt(n * inner), "group norm backward dweight, affine=" + affine);
            assertNear(db, 1e-5, Math.sqrt(n * inner), "group norm backward dbias, affine=" + affine);
        }
    }

    /** RMSNorm's forward and backward agree with the reference. */
    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"1,1", "3,15", "16,16", "17,17", "6,37", "127,3", "2,1000", "1,1000", "9,127", "8,64"})
    void rmsNormKernelsMatchTheReference(int rows, int cols) {
        NormKernels norm = norm(backend);
        Pair x = pair(rows, cols);
        Pair w = pair(cols);
        Pair dy = pair(rows, cols);
        for (boolean affine : new boolean[] {true, false}) {
            Pair y = pair(rows, cols);
            Pair rrms = pair(rows);
            reference.norm().rmsNormForward(y.want(), rrms.want(), x.want(), affine ? w.want() : null, rows, cols,
                    1e-6f);
            norm.rmsNormForward(y.got(), rrms.got(), x.got(), affine ? w.got() : null, rows, cols, 1e-6f);
            assertNear(rrms, 1e-6, 0, "rrms, affine=" + affine);
            assertNear(y, 1e-5, 1, "rms norm forward, affine=" + affine);
            Pair dx = pair(rows, cols);
            Pair dw = pair(cols);
            reference.norm().rmsNormBackward(dx.want(), affine ? dw.want() : null, dy.want(), x.want(), rrms.want(),
                    affine ? w.want() : null, rows, cols);
            norm.rmsNormBackward(dx.got(), affine ? dw.got() : null, dy.got(), x.got(), rrms.got(),
                    affine ? w.got() : null, rows, cols);
            assertNear(dx, 1e-5, 1, "rms norm backward dx, affine=" + affine);
            assertNear(dw, 1e-5, Math.sqrt(rows), "rms norm backward dweight, affine=" + affine);
        }
    }

    /**
     * The forwards that compute their statistics ({@code …WithStatistics}) agree with the reference's statistics
     * followed by its forward, for every layout: {@code (n, c)} input (inner 1, vectors across channels, rows in fours
     * and a remainder), small and large spatial sizes, a single row, sizes that are not a multiple of any vector.
     */
    @ParameterizedTest(name = "n={0} c={1} inner={2}")
    @CsvSource({"3,5,1", "13,37,1", "8,16,1", "3,5,3", "2,3,15", "3,4,16", "2,5,17", "3,2,127", "2,3,1000",
        "1,2,1000", "9,4,49"})
    void fusedForwardsMatchTheReference(int n, int c, int inner) {
        NormKernels norm = norm(backend);
        float[] xv = values(n * c * inner);
        for (int i = 0; i < xv.length; i++) {
            xv[i] = 3f + 0.5f * xv[i];                   // an offset mean: the variance must not cancel
        }
        Pair x = pair(xv, n, c, inner);
        Pair w = pair(c);
        Pair b = pair(c);
        Pair lw = pair(c * inner);
        Pair lb = pair(c * inner);
        for (boolean affine : new boolean[] {true, false}) {
            String how = ", affine=" + affine;
            Pair y = pair(n, c, inner);
            Pair mean = pair(c);
            Pair var = pair(c);
            Pair invstd = pair(c);
            reference.norm().channelNormForwardWithStatistics(y.want(), mean.want(), var.want(), invstd.want(),
                    x.want(), affine ? w.want() : null, affine ? b.want() : null, n, c, inner, 1e-5f);
            norm.channelNormForwardWithStatistics(y.got(), mean.got(), var.got(), invstd.got(), x.got(),
                    affine ? w.got() : null, affine ? b.got() : null, n, c, inner, 1e-5f);
            assertNear(mean, 1e-7, 0, "batch norm mean" + how);
            assertNear(var, 1e-6, 0, "batch norm var" + how);
            assertNear(invstd, 1e-6, 0, "batch norm invstd" + how);
            assertNear(y, 1e-5, 1, "batch norm forward with statistics" + how);
            Pair y2 = pair(n, c, inner);
            Pair invstd2 = pair(c);
            norm.channelNormForwardWithStatistics(y2.got(), mean.got(), null, invstd2.got(), x.got(),
                    affine ? w.got() : null, affine ? b.got() : null, n, c, inner, 1e-5f);
            assertClose(invstd.got().toArray(), invstd2.got().toArray(), 0, 0, "batch norm invstd without var" + how);
            assertClose(y.got().toArray(), y2.got().toArray(), 0, 0, "batch norm output without var" + how);

            Pair ly = pair(n, c * inner);
            Pair lmean = pair(n);
            Pair lrstd = pair(n);
            reference.norm().layerNormForwardWithStatistics(ly.want(), lmean.want(), lrstd.want(), x.want(),
                    affine ? lw.want() : null, affine ? lb.want() : null, n, c * inner, 1e-5f);
            norm.layerNormForwardWithStatistics(ly.got(), lmean.got(), lrstd.got(), x.got(), affine ? lw.got() : null,
                    affine ? lb.got() : null, n, c * inner, 1e-5f);
            assertNear(lmean, 1e-6, 1e-6, "layer norm mean" + how);
            assertNear(lrstd, 1e-6, 0, "layer norm rstd" + how);
            assertNear(ly, 1e-5, 1, "layer norm forward with statistics" + how);

            for (int groups : new int[] {1, c}) {
                String what = "group norm (groups " + groups + ")";
                Pair gy = pair(n, c, inner);
                Pair gmean = pair(n * groups);
                Pair gvar = pair(n * groups);
                Pair grstd = pair(n * groups);
                reference.norm().groupNormForwardWithStatistics(gy.want(), gmean.want(), gvar.want(), grstd.want(),
                        x.want(), affine ? w.want() : null, affine ? b.want() : null, n, c, inner, groups, 1e-5f);
                norm.groupNormForwardWithStatistics(gy.got(), gmean.got(), gvar.got(), grstd.got(), x.got(),
                        affine ? w.got() : null, affine ? b.got() : null, n, c, inner, groups, 1e-5f);
                assertNear(gmean, 1e-6, 1e-6, what + " mean" + how);
                assertNear(gvar, 1e-6, 1e-6, what + " var" + how);
                assertNear(grstd, 1e-6, 0, what + " rstd" + how);
                assertNear(gy, 1e-5, 1, what + " forward with statistics" + how);
            }
        }
    }

    /**
     * The backward overloads with {@code accumulate = false} overwrite dx, whatever it held (NaN here), with the
     * reference's gradient from zero, and still add to dweight and dbias; with {@code accumulate = true} they are the
     * plain accumulating kernels.
     */
    @ParameterizedTest(name = "n={0} c={1} inner={2}")
    @CsvSource({"3,5,1", "13,37,1", "8,16,1", "3,4,16", "2,5,17", "3,2,127", "2,3,1000", "9,4,49"})
    void backwardsCanOverwriteTheInputGradient(int n, int c, int inner) {
        NormKernels norm = norm(backend);
        Pair x = pair(n, c, inner);
        Pair dy = pair(n, c, inner);
        Pair w = pair(c);
        Pair lw = pair(c * inner);
        float[] stale = new float[n * c * inner];
        Arrays.fill(stale, Float.NaN);
        float[] dw0 = values(c * inner);
        float[] db0 = values(c * inner);

        // BatchNorm, batch and fixed statistics
        Pair mean = pair(c);
        Pair invstd = pair(c);
        reference.norm().channelStatistics(mean.want(), null, invstd.want(), x.want(), n, c, inner, 1e-5f);
        norm.channelStatistics(mean.got(), null, invstd.got(), x.got(), n, c, inner, 1e-5f);
        for (boolean batchStatistics : new boolean[] {true, false}) {
            String what = "batch norm, batch statistics=" + batchStatistics;
            Pair dx = new Pair(reference.zeros(Shape.of(n, c, inner)), on(backend, stale, n, c, inner));
            Pair dw = pair(Arrays.copyOf(dw0, c), c);
            Pair db = pair(Arrays.copyOf(db0, c), c);
            reference.norm().channelNormBackward(dx.want(), dw.want(), db.want(), dy.want(), x.want(), mean.want(),
                    invstd.want(), w.want(), n, c, inner, batchStatistics);
            norm.channelNormBackward(dx.got(), dw.got(), db.got(), dy.got(), x.got(), mean.got(), invstd.got(),
                    w.got(), n, c, inner, batchStatistics, false);
            assertNear(dx, 1e-5, 1, what + ": dx overwritten");
            assertNear(dw, 1e-6, Math.sqrt(n * inner) + 2, what + ": dweight accumulated");
            assertNear(db, 1e-6, Math.sqrt(n * inner) + 2, what + ": dbias accumulated");
            Tensor once = on(backend, dx.got().toArray(), n, c, inner);
            Tensor twice = on(backend, dx.got().toArray(), n, c, inner);
            norm.channelNormBackward(once, null, null, dy.got(), x.got(), mean.got(), invstd.got(), w.got(), n, c,
                    inner, batchStatistics);
            norm.channelNormBackward(twice, null, null, dy.got(), x.got(), mean.got(), invstd.got(), w.got(), n, c,
                    inner, batchStatistics, true);
            assertBitwise(once.toArray(), twice.toArray(), what + ": accumulate=true is the plain kernel");
        }

        // LayerNorm and RMSNorm over rows (n, c * inner)
        int cols = c * inner;
        Pair lmean = pair(n);
        Pair lrstd = pair(n);
        reference.norm().rowStatistics(lmean.want(), null, lrstd.want(), x.want(), n, cols, 1e-5f);
        norm.rowStatistics(lmean.got(), null, lrstd.got(), x.got(), n, cols, 1e-5f);
        Pair dx = new Pair(reference.zeros(Shape.of(n, cols)), on(backend, stale, n, cols));
        Pair dw = pair(Arrays.copyOf(dw0, cols), cols);
        Pair db = pair(Arrays.copyOf(db0, cols), cols);
        reference.norm().layerNormBackward(dx.want(), dw.want(), db.want(), dy.want(), x.want(), lmean.want(),
                lrstd.want(), lw.want(), n, cols);
        norm.layerNormBackward(dx.got(), dw.got(), db.got(), dy.got(), x.got(), lmean.got(), lrstd.got(), lw.got(), n,
                cols, false);
        assertNear(dx, 1e-5, 1, "layer norm: dx overwritten");
        assertNear(dw, 1e-5, Math.sqrt(n) + 2, "layer norm: dweight accumulated");
        assertNear(db, 1e-5, Math.sqrt(n) + 2, "layer norm: dbias accumulated");

        Pair rrms = pair(n);
        Pair ry = pair(n, cols);
        reference.norm().rmsNormForward(ry.want(), rrms.want(), x.want(), lw.want(), n, cols, 1e-6f);
        norm.rmsNormForward(ry.got(), rrms.got(), x.got(), lw.got(), n, cols, 1e-6f);
        dx = new Pair(reference.zeros(Shape.of(n, cols)), on(backend, stale, n, cols));
        dw = pair(Arrays.copyOf(dw0, cols), cols);
        reference.norm().rmsNormBackward(dx.want(), dw.want(), dy.want(), x.want(), rrms.want(), lw.want(), n, cols);
        norm.rmsNormBackward(dx.got(), dw.got(), dy.got(), x.got(), rrms.got(), lw.got(), n, cols, false);
        assertNear(dx, 1e-5, 1, "rms norm: dx overwritten");
        assertNear(dw, 1e-5, Math.sqrt(n) + 2, "rms norm: dweight accumulated");

        // GroupNorm: one group, and one channel per group (InstanceNorm)
        for (int groups : new int[] {1, c}) {
            String what = "group norm (groups " + groups + ")";
            Pair gmean = pair(n * groups);
            Pair grstd = pair(n * groups);
            reference.norm().rowStatistics(gmean.want(), null, grstd.want(), x.want(), n * groups,
                    c / groups * inner, 1e-5f);
            norm.rowStatistics(gmean.got(), null, grstd.got(), x.got(), n * groups, c / groups * inner, 1e-5f);
            dx = new Pair(reference.zeros(Shape.of(n, c, inner)), on(backend, stale, n, c, inner));
            dw = pair(Arrays.copyOf(dw0, c), c);
            db = pair(Arrays.copyOf(db0, c), c);
            reference.norm().groupNormBackward(dx.want(), dw.want(), db.want(), dy.want(), x.want(), gmean.want(),
                    grstd.want(), w.want(), n, c, inner, groups);
            norm.groupNormBackward(dx.got(), dw.got(), db.got(), dy.got(), x.got(), gmean.got(), grstd.got(),
                    w.got(), n, c, inner, groups, false);
            assertNear(dx, 1e-5, 1, what + ": dx overwritten");
            assertNear(dw, 1e-5, Math.sqrt(n * inner) + 2, what + ": dweight accumulated");
            assertNear(db, 1e-5, Math.sqrt(n * inner) + 2, what + ": dbias accumulated");
        }
    }

    /** The row-layout backward kernels are the derivatives of statistics plus forward (central differences). */
    @Test
    void rowNormalizationBackwardMatchesFiniteDifferences() {
        NormKernels norm = norm(backend);
        int n = 2;
        int c = 4;
        int inner = 3;
        int groups = 2;
        int size = n * c * inner;
        float[] xv = values(size);
        float[] dyv = values(size);
        float[] wv = {1.5f, -0.5f, 0.7f, 2f};
        Tensor w = on(backend, wv, c);
        Tensor dy = on(backend, dyv, n, c, inner);
        Tensor y = backend.zeros(Shape.of(n, c, inner));
        Tensor stat1 = backend.zeros(Shape.of(n * c));
        Tensor stat2 = backend.zeros(Shape.of(n * c));
        // LayerNorm over rows of (n, c * inner) with a weight of c * inner values
        float[] lw = values(c * inner);
        Tensor lnWeight = on(backend, lw, c * inner);
        ToDoubleFunction<float[]> layer = v -> {
            Tensor x = on(backend, v, n, c * inner);
            norm.rowStatistics(stat1, null, stat2, x, n, c * inner, 1e-5f);
            norm.layerNormForward(y.view(Shape.of(n, c * inner)), x, stat1, stat2, lnWeight, null, n, c * inner);
            return Formulas.dot(y.toArray(), dyv);
        };
        ToDoubleFunction<float[]> group = v -> {
            Tensor x = on(backend, v, n, c, inner);
            norm.rowStatistics(stat1, null, stat2, x, n * groups, c / groups * inner, 1e-5f);
            norm.groupNormForward(y, x, stat1, stat2, w, null, n, c, inner, groups);
            return Formulas.dot(y.toArray(), dyv);
        };
        ToDoubleFunction<float[]> rms = v -> {
            Tensor x = on(backend, v, n * c, inner);
            norm.rmsNormForward(y.view(Shape.of(n * c, inner)), stat1, x, on(backend, new float[] {1.5f, -0.5f, 2f},
                    inner), n * c, inner, 1e-6f);
            return Formulas.dot(y.toArray(), dyv);
        };
        float[] numericLayer = toFloats(Formulas.numericGradient(xv, 1e-2f, layer));
        float[] numericGroup = toFloats(Formulas.numericGradient(xv, 1e-2f, group));
        float[] numericRms = toFloats(Formulas.numericGradient(xv, 1e-2f, rms));

        Tensor x = on(backend, xv, n, c * inner);
        Tensor dx = backend.zeros(x.shape());
        norm.rowStatistics(stat1, null, stat2, x, n, c * inner, 1e-5f);
        norm.layerNormBackward(dx, null, null, dy.view(x.shape()), x, stat1, stat2, lnWeight, n, c * inner);
        assertClose(numericLayer, dx.toArray(), 2e-2, 0.1, "layer norm dx against finite differences");

        Tensor xg = on(backend, xv, n, c, inner);
        Tensor dxg = backend.zeros(xg.shape());
        norm.rowStatistics(stat1, null, stat2, xg, n * groups, c / groups * inner, 1e-5f);
        norm.groupNormBackward(dxg, null, null, dy, xg, stat1, stat2, w, n, c, inner, groups);
        assertClose(numericGroup, dxg.toArray(), 2e-2, 0.1, "group norm dx against finite differences");

        Tensor xr = on(backend, xv, n * c, inner);
        Tensor dxr = backend.zeros(xr.shape());
        Tensor rw = on(backend, new float[] {1.5f, -0.5f, 2f}, inner);
        norm.rmsNormForward(y.view(xr.shape()), stat1, xr, rw, n * c, inner, 1e-6f);
        norm.rmsNormBackward(dxr, null, dy.view(xr.shape()), xr, stat1, rw, n * c, inner);
        assertClose(numericRms, dxr.toArray(), 2e-2, 0.1, "rms norm dx against finite differences");
    }

    // =============================================================================================================
    // Backward kernels accumulate
    // =============================================================================================================

    /** Every backward kernel adds into its gradients: running it twice from zero gives twice the gradient. */
    @Test
    void backwardKernelsAccumulate() {
        int n = 2;
        int c = 4;
        int h = 5;
        int w = 5;
        int size = n * c * h * w;
        Tensor x = on(backend, values(size), n, c, h, w);
        Tensor dy = on(backend, values(size), n, c, h, w);
        assertAccumulates("activation backward", dx -> backend.activationBackward(Activation.TANH, 0f, dx, dy, x, x),
                x.shape());
        assertAccumulates("sumRows", out -> backend.sumRows(out, x, n * c, h * w), Shape.of(h * w));
        var g = new Conv2dGeometry(n, c, h, w, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        Tensor cw = on(backend, values(3 * c * 9), 3, c, 3, 3);
        Tensor cdy = on(backend, values(n * 3 * h * w), n, 3, h, w);
        assertAccumulates("conv dx", dx -> backend.conv2dBackward(g, dx, backend.zeros(cw.shape()), null, cdy, x,
                cw), x.shape());
        assertAccumulates("conv dw", dw -> backend.conv2dBackward(g, null, dw, null, cdy, x, cw), cw.shape());
        assertAccumulates("conv db", db -> backend.conv2dBackward(g, null, backend.zeros(cw.shape()), db, cdy, x,
                cw), Shape.of(3));
        var pg = new Pool2dGeometry(n, c, h, w, 3, 3, 2, 2, 1, 1);
        Tensor pdy = on(backend, values(n * c * pg.outH() * pg.outW()), n, c, pg.outH(), pg.outW());
        assertAccumulates("max pool backward", dx -> backend.maxPool2dBackward(pg, dx, pdy, x), x.shape());
        assertAccumulates("avg pool backward", dx -> backend.avgPool2dBackward(pg, dx, pdy), x.shape());
        NormKernels norm = optionalNorm();
        if (norm != null) {
            int inner = h * w;
            Tensor mean = backend.zeros(Shape.of(n * c));
            Tensor inv = backend.zeros(Shape.of(n * c));
            Tensor weight = on(backend, values(c), c);
            norm.channelStatistics(mean.view(Shape.of(c)), null, inv.view(Shape.of(c)), x, n, c, inner, 1e-5f);
            assertAccumulates("batch norm dx", d -> norm.channelNormBackward(d, null, null, dy, x,
                    mean.view(Shape.of(c)), inv.view(Shape.of(c)), weight, n, c, inner, true), x.shape());
            assertAccumulates("batch norm dweight", d -> norm.channelNormBackward(null, d, null, dy, x,
                    mean.view(Shape.of(c)), inv.view(Shape.of(c)), weight, n, c, inner, true), Shape.of(c));
            norm.rowStatistics(mean, null, inv, x, n * c, inner, 1e-5f);
            Tensor lw = on(backend, values(inner), inner);
            assertAccumulates("layer norm dx", d -> norm.layerNormBackward(d, null, null, dy, x, mean, inv, lw,
                    n * c, inner), x.shape());
            assertAccumulates("layer norm dbias", d -> norm.layerNormBackward(null, null, d, dy, x, mean, inv, lw,
                    n * c, inner), Shape.of(inner));
            norm.rowStatistics(mean.view(Shape.of(n * 2)), null, inv.view(Shape.of(n * 2)), x, n * 2,
                    c / 2 * inner, 1e-5f);
            assertAccumulates("group norm dx", d -> norm.groupNormBackward(d, null, null, dy, x,
                    mean.view(Shape.of(n * 2)), inv.view(Shape.of(n * 2)), weight, n, c, inner, 2), x.shape());
            assertAccumulates("group norm dweight", d -> norm.groupNormBackward(null, d, null, dy, x,
                    mean.view(Shape.of(n * 2)), inv.view(Shape.of(n * 2)), weight, n, c, inner, 2), Shape.of(c));
            Tensor ry = backend.zeros(x.shape());
            norm.rmsNormForward(ry, mean, x, lw, n * c, inner, 1e-6f);
            assertAccumulates("rms norm dx", d -> norm.rmsNormBackward(d, null, dy, x, mean, lw, n * c, inner),
                    x.shape());
            assertAccumulates("rms norm dweight", d -> norm.rmsNormBackward(null, d, dy, x, mean, lw, n * c, inner),
                    Shape.of(inner));
        }
        DropoutKernels dropout = optionalDropout();
        if (dropout != null) {
            var key = new NoiseKey(5L, 1, 2);
            assertAccumulates("dropout backward", d -> dropout.bernoulliBackward(d, dy, key, 0.4, 1), x.shape());
            assertAccumulates("alpha dropout backward", d -> dropout.alphaBackward(d, dy, key, 0.4, h * w),
                    x.shape());
            assertAccumulates("signAxpy", d -> dropout.signAxpy(d, 0.3f, x), x.shape());
        }
    }

    private void assertAccumulates(String what, Consumer<Tensor> backward, Shape shape) {
        Tensor once = backend.zeros(shape);
        backward.accept(once);
        Tensor twice = backend.zeros(shape);
        backward.accept(twice);
        backward.accept(twice);
        float[] want = once.toArray();
        boolean nonZero = false;
        for (int i = 0; i < want.length; i++) {
            nonZero |= want[i] != 0f;
            want[i] *= 2;
        }
        assertTrue(nonZero, what + ": the gradient is all zeros, nothing was checked");
        assertClose(want, twice.toArray(), ULPS, 1e-6, what + ": twice from zero must give twice the gradient");
    }

    private NormKernels optionalNorm() {
        try {
            return backend.norm();
        } catch (MissingKernelsException e) {
            return null;
        }
    }

    private DropoutKernels optionalDropout() {
        try {
            return backend.dropout();
        } catch (MissingKernelsException e) {
            return null;
        }
    }

    // =============================================================================================================
    // Dropout, noise and penalties
    // =============================================================================================================

    /** Dropout masks are the reference's and the contract's, bit for bit, for element and channel groups. */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void dropoutDrawsTheContractsMasks(int n) {
        DropoutKernels dropout = dropout(backend);
        var key = new NoiseKey(42L, 3, 7);
        for (double p : new double[] {0, 0.3, 0.5, 1}) {
            for (int group : new int[] {1, n}) {       // element dropout, and one plane (channel dropout)
                float[] xv = values(n);
                if (n >= 3) {
                    xv[0] = Float.NaN;
                    xv[1] = Float.NEGATIVE_INFINITY;
                    xv[2] = -0f;
                }
                Pair x = pair(xv, n);
                Pair y = pair(n);
                reference.dropout().bernoulliForward(y.want(), x.want(), key, p, group);
                dropout.bernoulliForward(y.got(), x.got(), key, p, group);
                String what = "p=" + p + " group=" + group;
                assertEqualBits(y, "dropout forward against the reference, " + what);
                assertBitwise(Formulas.dropout(xv, key, p, group), y.got().toArray(),
                        "dropout forward against the contract, " + what);
                Pair dx = pair(n);
                float[] dx0 = dx.got().toArray();
                Pair dy = pair(n);
                reference.dropout().bernoulliBackward(dx.want(), dy.want(), key, p, group);
                dropout.bernoulliBackward(dx.got(), dy.got(), key, p, group);
                assertNear(dx, ULPS, 1e-6, "dropout backward against the reference, " + what);
                float[] masked = Formulas.dropout(dy.got().toArray(), key, p, group);
                for (int i = 0; i < n; i++) {
                    masked[i] += dx0[i];
                }
                assertClose(masked, dx.got().toArray(), ULPS, 1e-6, "dropout backward against the contract, " + what);
            }
        }
    }

    /**
     * Channel dropout's planes, from smaller than a vector to many vectors (2x2 to 14x14), over 21 planes (so the
     * last Philox block is partial): both dropouts, forward bit for bit and backward, against the reference and
     * the contract.
     */
    @ParameterizedTest(name = "group {0}")
    @ValueSource(ints = {2, 3, 4, 7, 16, 17, 49, 196})
    void dropoutGroupsAreTheContracts(int group) {
        DropoutKernels dropout = dropout(backend);
        var key = new NoiseKey(1234L, 6, 89);
        int n = 21 * group;
        float[] xv = values(n);
        Pair x = pair(xv, n);
        Pair y = pair(n);
        reference.dropout().bernoulliForward(y.want(), x.want(), key, 0.3, group);
        dropout.bernoulliForward(y.got(), x.got(), key, 0.3, group);
        assertEqualBits(y, "dropout forward against the reference");
        assertBitwise(Formulas.dropout(xv, key, 0.3, group), y.got().toArray(), "dropout forward against the contract");
        Pair dy = pair(n);
        Pair dx = pair(n);
        reference.dropout().bernoulliBackward(dx.want(), dy.want(), key, 0.3, group);
        dropout.bernoulliBackward(dx.got(), dy.got(), key, 0.3, group);
        assertNear(dx, ULPS, 1e-6, "dropout backward against the reference");
        reference.dropout().alphaForward(y.want(), x.want(), key, 0.2, group);
        dropout.alphaForward(y.got(), x.got(), key, 0.2, group);
        assertNear(y, ULPS, 1, "alpha dropout forward against the reference");
        assertClose(Formulas.alphaDropout(xv, key, 0.2, group), y.got().toArray(), ULPS, 1,
                "alpha dropout forward against the contract");
        Pair adx = pair(n);
        reference.dropout().alphaBackward(adx.want(), dy.want(), key, 0.2, group);
        dropout.alphaBackward(adx.got(), dy.got(), key, 0.2, group);
        assertNear(adx, ULPS, 1e-6, "alpha dropout backward against the reference");
    }

    /** keepMask describes any range of elements, far into the stream too. */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void keepMasksAreTheContractsAtAnyOffset(int n) {
        DropoutKernels dropout = dropout(backend);
        var key = new NoiseKey(-7L, 11, 123_456);
        for (long first : new long[] {0, 1, 5, 1L << 33, (1L << 33) + 3}) {
            for (int group : new int[] {1, 3, 16}) {
                Pair mask = pair(n);
                reference.dropout().keepMask(mask.want(), key, 0.25, group, first);
                dropout.keepMask(mask.got(), key, 0.25, group, first);
                String what = "first=" + first + " group=" + group;
                assertEqualBits(mask, "keep mask against the reference, " + what);
                assertBitwise(Formulas.keepMask(key, 0.25, group, first, n), mask.got().toArray(),
                        "keep mask against the contract, " + what);
            }
        }
    }

    /** Masks drop about p of the elements, and differ between streams and steps. */
    @Test
    void masksDropTheRightShareAndDifferBetweenStreams() {
        DropoutKernels dropout = dropout(backend);
        int n = 100_000;
        Tensor mask = backend.zeros(Shape.of(n));
        dropout.keepMask(mask, new NoiseKey(1L, 0, 0), 0.3, 1, 0);
        float[] a = mask.toArray();
        double kept = 0;
        for (float v : a) {
            kept += v;
        }
        assertEquals(0.7, kept / n, 0.01, "share of kept elements at p = 0.3");
        dropout.keepMask(mask, new NoiseKey(1L, 0, 1), 0.3, 1, 0);
        assertFalse(Arrays.equals(a, mask.toArray()), "the next step draws a new mask");
        dropout.keepMask(mask, new NoiseKey(1L, 1, 0), 0.3, 1, 0);
        assertFalse(Arrays.equals(a, mask.toArray()), "another stream draws another mask");
        dropout.keepMask(mask, new NoiseKey(2L, 0, 0), 0.3, 1, 0);
        assertFalse(Arrays.equals(a, mask.toArray()), "another seed draws another mask");
    }

    /** AlphaDropout forward and backward agree with the reference and the contract's constants. */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void alphaDropoutMatchesTheContract(int n) {
        DropoutKernels dropout = dropout(backend);
        var key = new NoiseKey(9L, 2, 4);
        for (double p : new double[] {0.1, 0.5}) {
            for (int group : new int[] {1, n}) {
                float[] xv = values(n);
                Pair x = pair(xv, n);
                Pair y = pair(n);
                reference.dropout().alphaForward(y.want(), x.want(), key, p, group);
                dropout.alphaForward(y.got(), x.got(), key, p, group);
                String what = "p=" + p + " group=" + group;
                assertNear(y, ULPS, 1, "alpha dropout forward against the reference, " + what);
                assertClose(Formulas.alphaDropout(xv, key, p, group), y.got().toArray(), ULPS, 1,
                        "alpha dropout forward against the contract, " + what);
                Pair dy = pair(n);
                Pair dx = pair(new float[n], n);
                reference.dropout().alphaBackward(dx.want(), dy.want(), key, p, group);
                dropout.alphaBackward(dx.got(), dy.got(), key, p, group);
                assertNear(dx, ULPS, 1e-6, "alpha dropout backward against the reference, " + what);
                float[] mask = Formulas.keepMask(key, p, group, 0, n);
                float[] dyv = dy.got().toArray();
                float[] want = new float[n];
                for (int i = 0; i < n; i++) {
                    want[i] = dyv[i] * (mask[i] == 1f ? Formulas.alphaKeepFactor(p) : 0f);
                }
                assertClose(want, dx.got().toArray(), ULPS, 1e-6, "alpha dropout backward, " + what);
            }
        }
    }

    /** Gaussian noise is Box-Muller on the stream's words, at any offset; its moments are right. */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void normalNoiseFollowsTheContract(int n) {
        DropoutKernels dropout = dropout(backend);
        var key = new NoiseKey(77L, 5, 9);
        for (long first : new long[] {0, 1, 2, 3, 5, (1L << 33) + 1}) {
            Pair out = pair(n);
            reference.dropout().normalNoise(out.want(), key, 0.5f, 2f, first);
            dropout.normalNoise(out.got(), key, 0.5f, 2f, first);
            assertNear(out, ULPS, 1, "normal noise against the reference, first=" + first);
            assertClose(Formulas.normalNoise(key, 0.5f, 2f, first, n), out.got().toArray(), ULPS, 1,
                    "normal noise against the contract, first=" + first);
        }
        if (n == 1000) {
            Tensor big = backend.zeros(Shape.of(100_000));
            dropout.normalNoise(big, key, 1f, 3f, 0);
            float[] v = big.toArray();
            double sum = 0;
            double squares = 0;
            for (float f : v) {
                sum += f;
                squares += (double) f * f;
            }
            double mean = sum / v.length;
            assertEquals(1.0, mean, 0.05, "mean of the noise");
            assertEquals(3.0, Math.sqrt(squares / v.length - mean * mean), 0.05, "standard deviation of the noise");
        }
    }

    /** absSum, signAxpy and maxNormRows agree with the reference. */
    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 3, 15, 16, 17, 127, 1000})
    void penaltyKernelsMatchTheReference(int n) {
        DropoutKernels dropout = dropout(backend);
        float[] xv = values(n);
        if (n >= 3) {
            xv[0] = 0f;
            xv[1] = -0f;
        }
        Pair x = pair(xv, n);
        assertEquals(reference.dropout().absSum(x.want()), dropout.absSum(x.got()), 1e-12 * n, "absSum");
        Pair dx = pair(n);
        reference.dropout().signAxpy(dx.want(), 0.3f, x.want());
        dropout.signAxpy(dx.got(), 0.3f, x.got());
        assertNear(dx, ULPS, 1, "signAxpy");
        int rows = Math.max(1, n / 5);
        int cols = n / rows;
        Pair w = pair(rows, cols);
        reference.dropout().maxNormRows(w.want(), rows, cols, 1.5f, 1e-7f);
        dropout.maxNormRows(w.got(), rows, cols, 1.5f, 1e-7f);
        assertNear(w, 1e-6, 1, "maxNormRows");
    }

    /** Hand-checked penalties: sum |x|, sign(0) = 0, rows scaled to a maximum norm. */
    @Test
    void penaltyKernelsKnownAnswers() {
        DropoutKernels dropout = dropout(backend);
        assertEquals(6.0, dropout.absSum(backend.tensor(Shape.of(3), new float[] {-1, 2, -3})), "absSum");
        Tensor dx = backend.tensor(Shape.of(4), new float[] {1, 1, 1, 1});
        dropout.signAxpy(dx, 0.5f, backend.tensor(Shape.of(4), new float[] {-2, 0, 3, -0f}));
        assertBitwise(new float[] {0.5f, 1, 1.5f, 1}, dx.toArray(), "signAxpy with sign(0) = 0");
        Tensor w = backend.tensor(Shape.of(2, 2), new float[] {3, 4, 0.3f, 0.4f});
        dropout.maxNormRows(w, 2, 2, 1f, 1e-7f);
        float big = 1f / (1e-7f + 5f);
        float small = 0.5f / (1e-7f + 0.5f);
        assertValues(new float[] {3 * big, 4 * big, 0.3f * small, 0.4f * small}, w, 1e-6, 0,
                "a row of norm 5 scaled to norm 1, a row of norm 0.5 kept");
    }

    // =============================================================================================================
    // Determinism across thread counts
    // =============================================================================================================

    /** GEMM gives the same bits on 1, 2, 3 and 4 threads, and on two runs. */
    @ParameterizedTest(name = "transA={0} transB={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void gemmDoesNotDependOnThreads(boolean transA, boolean transB) {
        // large enough to be split: columns for the wide case, rows for the tall one; and odd shapes
        int[][] shapes = {{64, 784, 256}, {1000, 10, 500}, {129, 65, 1033}, {17, 15, 127}, {1, 1000, 3}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] a = values(m * k);
            float[] b = values(k * n);
            float[] c = values(m * n);
            assertSameOnEveryThreadCount("gemm " + m + "x" + n + "x" + k, be -> {
                Tensor ct = on(be, c, m, n);
                be.gemm(ct, transA, transB, m, n, k, 0.75f, on(be, a, m, k), on(be, b, k, n), 0.5f);
                return Map.of("c", ct.toArray());
            });
        }
    }

    /** Convolution forward and backward give the same bits on 1, 2, 3 and 4 threads. */
    @ParameterizedTest(name = "n={0} inC={1} {2}x{3} outC={4} groups={5}")
    @CsvSource({"13,8,10,10,16,1", "1,8,12,12,16,1", "3,16,14,14,32,1", "3,5,17,15,7,1", "4,6,9,9,6,3"})
    void convolutionDoesNotDependOnThreads(int n, int inC, int h, int w, int outC, int groups) {
        var g = new Conv2dGeometry(n, inC, h, w, outC, 3, 3, 1, 1, 1, 1, 1, 1, groups);
        float[] x = values(n * inC * h * w);
        float[] wt = values(outC * inC / groups * 9);
        float[] bias = values(outC);
        float[] dy = values(n * outC * h * w);
        assertSameOnEveryThreadCount("conv", be -> {
            Tensor y = be.zeros(Shape.of(n, outC, h, w));
            Tensor xt = on(be, x, n, inC, h, w);
            Tensor wtt = on(be, wt, outC, inC / groups, 3, 3);
            be.conv2dForward(g, y, xt, wtt, on(be, bias, outC));
            Tensor dx = be.zeros(xt.shape());
            Tensor dw = be.zeros(wtt.shape());
            Tensor db = be.zeros(Shape.of(outC));
            be.conv2dBackward(g, dx, dw, db, on(be, dy, n, outC, h, w), xt, wtt);
            return Map.of("y", y.toArray(), "dx", dx.toArray(), "dw", dw.toArray(), "db", db.toArray());
        });
    }

    /**
     * BatchNorm, LayerNorm, GroupNorm and RMSNorm give the same bits on 1, 2, 3 and 4 threads, the fused forwards and
     * the overwriting backwards included; the larger shapes are big enough for a backend to split its reductions
     * into parts ({@code (n, c)} input, small images in a large batch, large images).
     */
    @ParameterizedTest(name = "n={0} c={1} inner={2}")
    @CsvSource({"16,8,196", "3,17,15", "5,16,1", "2,4,1000", "1024,128,1", "64,32,49", "8,16,3136"})
    void normalizationDoesNotDependOnThreads(int n, int c, int inner) {
        norm(backend);
        float[] x = values(n * c * inner);
        float[] dy = values(n * c * inner);
        float[] w = values(c);
        float[] lw = values(c * inner);
        int groups = c % 4 == 0 ? 4 : 1;
        assertSameOnEveryThreadCount("normalization", be -> {
            NormKernels norm = be.norm();
            Map<String, Object> out = new LinkedHashMap<>();
            Tensor xt = on(be, x, n, c, inner);
            Tensor dyt = on(be, dy, n, c, inner);
            Tensor mean = be.zeros(Shape.of(Math.max(c, n * groups)));
            Tensor var = be.zeros(mean.shape());
            Tensor invstd = be.zeros(mean.shape());
            Tensor y = be.zeros(xt.shape());
            Tensor dx = be.zeros(xt.shape());
            Tensor dw = be.zeros(Shape.of(c * inner));
            Tensor db = be.zeros(Shape.of(c * inner));
            Tensor cm = mean.view(Shape.of(c));
            Tensor ci = invstd.view(Shape.of(c));
            norm.channelStatistics(cm, var.view(Shape.of(c)), ci, xt, n, c, inner, 1e-5f);
            norm.channelNormForward(y, xt, cm, ci, on(be, w, c), null, n, c, inner);
            norm.channelNormBackward(dx, dw.view(Shape.of(c)), db.view(Shape.of(c)), dyt, xt, cm, ci, on(be, w, c),
                    n, c, inner, true);
            out.put("batch norm statistics", new float[][] {cm.toArray(), var.view(Shape.of(c)).toArray(),
                ci.toArray()});
            out.put("batch norm", new float[][] {y.toArray(), dx.toArray(), dw.toArray(), db.toArray()});
            Tensor rows = xt.reshape(n, c * inner);
            Tensor rm = be.zeros(Shape.of(n));
            Tensor rs = be.zeros(Shape.of(n));
            norm.rowStatistics(rm, null, rs, rows, n, c * inner, 1e-5f);
            be.fill(dx, 0f);
            be.fill(dw, 0f);
            be.fill(db, 0f);
            norm.layerNormForward(y.reshape(n, c * inner), rows, rm, rs, on(be, lw, c * inner), null, n, c * inner);
            norm.layerNormBackward(dx.reshape(n, c * inner), dw, db, dyt.reshape(n, c * inner), rows, rm, rs,
                    on(be, lw, c * inner), n, c * inner);
            out.put("layer norm", new float[][] {rm.toArray(), rs.toArray(), y.toArray(), dx.toArray(), dw.toArray(),
                db.toArray()});
            Tensor gm = mean.view(Shape.of(n * groups));
            Tensor gs = invstd.view(Shape.of(n * groups));
            norm.rowStatistics(gm, null, gs, xt, n * groups, c / groups * inner, 1e-5f);
            be.fill(dx, 0f);
            be.fill(dw, 0f);
            norm.groupNormForward(y, xt, gm, gs, on(be, w, c), null, n, c, inner, groups);
            norm.groupNormBackward(dx, dw.view(Shape.of(c)), null, dyt, xt, gm, gs, on(be, w, c), n, c, inner, groups);
            out.put("group norm", new float[][] {gm.toArray(), gs.toArray(), y.toArray(), dx.toArray(),
                dw.toArray()});
            be.fill(dx, 0f);
            be.fill(dw, 0f);
            norm.rmsNormForward(y.reshape(n, c * inner), rm, rows, on(be, lw, c * inner), n, c * inner, 1e-6f);
            norm.rmsNormBackward(dx.reshape(n, c * inner), dw, dyt.reshape(n, c * inner), rows, rm,
                    on(be, lw, c * inner), n, c * inner);
            out.put("rms norm", new float[][] {rm.toArray(), y.toArray(), dx.toArray(), dw.toArray()});

            // statistics and normalization in one call; backwards that overwrite dx (filled with NaN first)
            be.fill(dw, 0f);
            be.fill(db, 0f);
            norm.channelNormForwardWithStatistics(y, cm, var.view(Shape.of(c)), ci, xt, on(be, w, c), on(be, w, c), n,
                    c, inner, 1e-5f);
            be.fill(dx, Float.NaN);
            norm.channelNormBackward(dx, dw.view(Shape.of(c)), db.view(Shape.of(c)), dyt, xt, cm, ci, on(be, w, c),
                    n, c, inner, true, false);
            out.put("fused batch norm", new float[][] {cm.toArray(), var.view(Shape.of(c)).toArray(), ci.toArray(),
                y.toArray(), dx.toArray(), dw.toArray(), db.toArray()});
            norm.layerNormForwardWithStatistics(y.reshape(n, c * inner), rm, rs, rows, on(be, lw, c * inner),
                    on(be, lw, c * inner), n, c * inner, 1e-5f);
            be.fill(dx, Float.NaN);
            norm.layerNormBackward(dx.reshape(n, c * inner), dw, db, dyt.reshape(n, c * inner), rows, rm, rs,
                    on(be, lw, c * inner), n, c * inner, false);
            out.put("fused layer norm", new float[][] {rm.toArray(), rs.toArray(), y.toArray(), dx.toArray(),
                dw.toArray(), db.toArray()});
            norm.groupNormForwardWithStatistics(y, gm, var.view(Shape.of(n * groups)), gs, xt, on(be, w, c), null, n,
                    c, inner, groups, 1e-5f);
            be.fill(dx, Float.NaN);
            norm.groupNormBackward(dx, dw.view(Shape.of(c)), null, dyt, xt, gm, gs, on(be, w, c), n, c, inner, groups,
                    false);
            out.put("fused group norm", new float[][] {gm.toArray(), gs.toArray(), y.toArray(), dx.toArray(),
                dw.toArray()});
            be.fill(dx, Float.NaN);
            norm.rmsNormBackward(dx.reshape(n, c * inner), dw, dyt.reshape(n, c * inner), rows, rm,
                    on(be, lw, c * inner), n, c * inner, false);
            out.put("overwriting rms norm", new float[][] {dx.toArray(), dw.toArray()});
            return out;
        });
    }

    /** Dropout, AlphaDropout, masks and noise give the same bits on 1, 2, 3 and 4 threads. */
    @Test
    void dropoutDoesNotDependOnThreads() {
        dropout(backend);
        int n = 100_002;                                 // divisible by 7: groups of 7
        float[] x = values(n);
        float[] dy = values(n);
        var key = new NoiseKey(123L, 4, 56);
        assertSameOnEveryThreadCount("dropout", be -> {
            DropoutKernels d = be.dropout();
            Map<String, Object> out = new LinkedHashMap<>();
            Tensor xt = on(be, x, n);
            Tensor dyt = on(be, dy, n);
            Tensor y = be.zeros(Shape.of(n));
            Tensor dx = be.zeros(Shape.of(n));
            d.bernoulliForward(y, xt, key, 0.3, 1);
            d.bernoulliBackward(dx, dyt, key, 0.3, 1);
            out.put("bernoulli", new float[][] {y.toArray(), dx.toArray()});
            d.bernoulliForward(y, xt, key, 0.3, 7);
            out.put("bernoulli groups of 7", y.toArray());
            be.fill(dx, 0f);
            d.alphaForward(y, xt, key, 0.2, 1);
            d.alphaBackward(dx, dyt, key, 0.2, 1);
            out.put("alpha", new float[][] {y.toArray(), dx.toArray()});
            d.keepMask(y, key, 0.6, 3, 17);
            out.put("keep mask", y.toArray());
            d.normalNoise(y, key, 0.1f, 2f, 5);
            out.put("noise", y.toArray());
            out.put("absSum", d.absSum(xt));
            d.signAxpy(dx, 0.1f, xt);
            out.put("signAxpy", dx.toArray());
            Tensor wrows = on(be, Arrays.copyOf(x, 100_000), 1000, 100);
            d.maxNormRows(wrows, 1000, 100, 0.5f, 1e-7f);
            out.put("maxNormRows", wrows.toArray());
            return out;
        });
    }

    /** Reductions, metric kernels and every other kernel give the same bits on 1, 2, 3 and 4 threads. */
    @Test
    void reductionsAndOtherKernelsDoNotDependOnThreads() {
        int n = 100_003;
        float[] x = values(n);
        float[] y = values(n);
        int rows = 1000;
        int cols = 100;
        float[] labels = new float[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = random.nextInt(cols);
        }
        float[] probabilities = new float[n];
        for (int i = 0; i < n; i++) {
            probabilities[i] = (float) random.nextDouble();
        }
        var pg = new Pool2dGeometry(8, 16, 31, 31, 3, 3, 2, 2, 1, 1);
        int poolIn = 8 * 16 * 31 * 31;
        float[] px = values(poolIn);
        float[] pdy = values(8 * 16 * pg.outH() * pg.outW());
        assertSameOnEveryThreadCount("reductions and other kernels", be -> {
            Map<String, Object> out = new LinkedHashMap<>();
            Tensor xt = on(be, x, n);
            Tensor yt = on(be, y, n);
            out.put("sum", be.sum(xt));
            out.put("sumOfSquares", be.sumOfSquares(xt));
            Tensor scalars = be.zeros(Shape.of(4));
            be.sumInto(scalars, 0, xt, 7);
            Tensor m = xt.view(Shape.of(rows, cols));
            be.countCorrect(scalars, 1, m, on(be, labels, rows), rows, cols);
            Tensor g1 = on(be, x, n);
            Tensor g2 = on(be, y, n);
            be.clipGradNorm(scalars, 2, List.of(g1, g2), 3f);
            out.put("sumInto, countCorrect, clipGradNorm", new float[][] {scalars.toArray(), g1.toArray(),
                g2.toArray()});
            Tensor arg = be.zeros(Shape.of(rows));
            be.argmax(arg, m, rows, cols);
            out.put("argmax", arg.toArray());
            Tensor colSums = be.zeros(Shape.of(cols));
            be.sumRows(colSums, m, rows, cols);
            out.put("sumRows", colSums.toArray());
            Tensor o = be.zeros(Shape.of(n));
            Tensor product = be.zeros(Shape.of(n));
            be.add(o, xt, yt);
            be.axpy(o, 0.3f, yt);
            be.mul(product, o, xt);
            be.scale(product, product, -0.7f);
            out.put("elementwise", product.toArray());
            be.activationForward(Activation.GELU, 0f, o, xt);
            Tensor dx = be.zeros(Shape.of(n));
            be.activationBackward(Activation.GELU, 0f, dx, yt, xt, o);
            out.put("activation", new float[][] {o.toArray(), dx.toArray()});
            Tensor p = on(be, x, n);
            Tensor am = be.zeros(Shape.of(n));
            Tensor av = be.zeros(Shape.of(n));
            be.adamStep(p, am, av, yt, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, true, 1);
            Tensor buf = be.zeros(Shape.of(n));
            be.sgdStep(p, buf, yt, 0.1f, 0.9f, 0f, 1e-4f, true, true);
            out.put("optimizers", new float[][] {p.toArray(), am.toArray(), av.toArray(), buf.toArray()});
            Tensor losses = be.zeros(Shape.of(rows));
            Tensor grad = be.zeros(Shape.of(rows, cols));
            be.softmaxCrossEntropy(losses, grad, m, on(be, labels, rows), rows, cols, 0.1f);
            out.put("cross-entropy", new float[][] {losses.toArray(), grad.toArray()});
            Tensor bl = be.zeros(Shape.of(n));
            Tensor bg = be.zeros(Shape.of(n));
            be.binaryCrossEntropyWithLogits(bl, bg, xt, on(be, probabilities, n), on(be, new float[] {2f, 0.5f}, 2),
                    n, 2);
            out.put("bce", new float[][] {bl.toArray(), bg.toArray()});
            Tensor pxt = on(be, px, 8, 16, 31, 31);
            Tensor py = be.zeros(Shape.of(8, 16, pg.outH(), pg.outW()));
            Tensor pdx = be.zeros(pxt.shape());
            be.maxPool2dForward(pg, py, pxt);
            be.maxPool2dBackward(pg, pdx, on(be, pdy, 8, 16, pg.outH(), pg.outW()), pxt);
            out.put("max pool", new float[][] {py.toArray(), pdx.toArray()});
            be.avgPool2dForward(pg, py, pxt);
            be.fill(pdx, 0f);
            be.avgPool2dBackward(pg, pdx, on(be, pdy, 8, 16, pg.outH(), pg.outW()));
            out.put("avg pool", new float[][] {py.toArray(), pdx.toArray()});
            Tensor rowsT = on(be, x, n).view(Shape.of(rows, cols));
            be.addRowVector(rowsT, on(be, Arrays.copyOf(y, cols), cols), rows, cols);
            out.put("addRowVector", rowsT.toArray());
            return out;
        });
    }

    /**
     * Runs a computation on backends created with each thread count (twice on the first) and requires the same
     * bits every time.
     */
    private void assertSameOnEveryThreadCount(String what, Function<Backend, Map<String, Object>> run) {
        Map<String, Object> first = null;
        for (int threads : THREAD_COUNTS) {
            Backend b = open(threads);
            Map<String, Object> got = run.apply(b);
            if (first == null) {
                first = got;
                assertSameResults(first, run.apply(b), what + ": two runs on " + threads + " thread(s)");
            } else {
                assertSameResults(first, got, what + ": " + THREAD_COUNTS[0] + " vs " + threads + " threads");
            }
            b.close();
        }
    }

    private static void assertSameResults(Map<String, Object> want, Map<String, Object> got, String what) {
        assertEquals(want.keySet(), got.keySet(), what);
        for (String key : want.keySet()) {
            Object w = want.get(key);
            Object g = got.get(key);
            switch (w) {
                case float[] a -> assertArrayEquals(a, (float[]) g, what + ", " + key);
                case float[][] a -> {
                    float[][] b = (float[][]) g;
                    for (int i = 0; i < a.length; i++) {
                        assertArrayEquals(a[i], b[i], what + ", " + key + " output " + i);
                    }
                }
                case Double d -> assertEquals(d, (Double) g, what + ", " + key);
                default -> fail("unexpected result type " + w.getClass());
            }
        }
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
