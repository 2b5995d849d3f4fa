package dev.nn.bench;

import dev.nn.api.backend.Backend;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@code c = a b} with three {@code (1024, 1024)} matrices through {@link Backend#gemm}: 2 * 1024^3 = 2.147 GFLOP
 * per operation, so GFLOP/s = 2147.5 / (ms/op).
 */
public class GemmBenchmark extends BackendBenchmark {
    private static final int N = 1024;

    private Tensor a;
    private Tensor bm;
    private Tensor c;

    /** JMH instantiates benchmarks through their public no-argument constructors. */
    public GemmBenchmark() {
    }

    @Override
    protected void prepare(Backend backend) {
        a = random(backend, Shape.of(N, N), 1);
        bm = random(backend, Shape.of(N, N), 2);
        c = backend.zeros(Shape.of(N, N));
    }

    /** @return c */
    @Benchmark
    public Tensor gemm() {
        b.gemm(c, false, false, N, N, N, 1f, a, bm, 0f);
        return c;
    }
}
