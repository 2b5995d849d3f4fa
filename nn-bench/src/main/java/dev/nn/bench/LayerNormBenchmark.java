package dev.nn.bench;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.norm.LayerNorm;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@code LayerNorm(768)} on {@code (8192, 768)} (a transformer's tokens) through {@link LayerNorm}: forward, and
 * forward and backward. {@code nn bench}'s byte models: 8 and 20 bytes per element of x.
 */
public class LayerNormBenchmark extends BackendBenchmark {
    private LayerNorm ln;
    private Tensor x;
    private Tensor dy;

    /** JMH instantiates benchmarks through their public no-argument constructors. */
    public LayerNormBenchmark() {
    }

    @Override
    protected void prepare(Backend backend) {
        ln = new LayerNorm(backend, 768);
        x = random(backend, Shape.of(8192, 768), 1);
        dy = random(backend, x.shape(), 2);
    }

    @Override
    protected void release() {
        ln.release();
    }

    /** @return y */
    @Benchmark
    public Tensor forward() {
        return ln.forward(x, Mode.TRAIN);
    }

    /** @return dx */
    @Benchmark
    public Tensor forwardBackward() {
        ln.forward(x, Mode.TRAIN);
        return ln.backward(dy);
    }
}
