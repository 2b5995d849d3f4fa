package dev.nn.bench;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.backend.Backends;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The shared part of every benchmark: the backend named by {@link #backend}, created with {@link #threads} threads
 * once per trial (JMH's {@code @Param}s make one trial per combination), and closed after it, which frees every
 * tensor the benchmark allocated. Times are the average milliseconds of one operation.
 *
 * <p>The fork runs on the class path, so it needs {@code --add-modules jdk.incubator.vector} for cpu-simd (without it
 * that backend reports itself unavailable and the trial fails with the reason), and JMH 1.37 needs
 * {@code --sun-misc-unsafe-memory-access=allow} on JDK 24+ to run without warnings.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public abstract class BackendBenchmark {
    /** The backend's provider name, as in {@code -Dnn.backend}. */
    @Param({"scalar", "cpu-simd"})
    public String backend;

    /** Worker threads of the backend ({@code 0} = all processors); the scalar backend runs on the caller's. */
    @Param({"1"})
    public int threads;

    /** The backend of this trial, open between {@link #open()} and {@link #close()}. */
    protected Backend b;

    /** JMH instantiates benchmarks through their public no-argument constructors. */
    protected BackendBenchmark() {
    }

    /** Creates the backend, then the benchmark's tensors and layers on it. */
    @Setup(Level.Trial)
    public final void open() {
        b = Backends.select(backend, new BackendConfig(threads));
        prepare(b);
    }

    /** Releases the benchmark's layers, then closes the backend (which frees whatever they kept). */
    @TearDown(Level.Trial)
    public final void close() {
        release();
        b.close();
    }

    /**
     * Allocates what the timed operations use.
     *
     * @param backend the trial's backend
     */
    protected abstract void prepare(Backend backend);

    /** Returns layer buffers to the backend; nothing by default. */
    protected void release() {
    }

    /**
     * @param backend where the tensor lives
     * @param shape its shape
     * @param seed the generator's seed, so every backend times the same values
     * @return a tensor of standard normal values
     */
    static Tensor random(Backend backend, Shape shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return backend.tensor(shape, v);
    }

    /**
     * @param dims sizes separated by {@code x}, e.g. {@code 32x64x56x56}
     * @return the shape
     */
    static Shape shape(String dims) {
        String[] parts = dims.split("x");
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            sizes[i] = Integer.parseInt(parts[i].strip());
        }
        return Shape.of(sizes);
    }
}
