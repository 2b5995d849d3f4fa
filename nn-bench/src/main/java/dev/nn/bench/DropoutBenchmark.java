package dev.nn.bench;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.regularize.Dropout;
import dev.nn.regularize.NoiseSource;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@code Dropout(0.5)} in training on 16,777,216 values through {@link Dropout}, i.e. the backend's
 * {@link dev.nn.api.backend.DropoutKernels}: each forward draws a fresh Philox mask (the layer's step advances) and
 * backward regenerates it. {@code nn bench}'s byte models: 9 and 18 bytes per element (they count the one-byte mask
 * a framework that stores it moves; nn stores none).
 */
public class DropoutBenchmark extends BackendBenchmark {
    private Dropout dropout;
    private Tensor x;
    private Tensor dy;

    /** JMH instantiates benchmarks through their public no-argument constructors. */
    public DropoutBenchmark() {
    }

    @Override
    protected void prepare(Backend backend) {
        dropout = new Dropout(0.5, NoiseSource.of(1));
        x = random(backend, Shape.of(16_777_216), 1);
        dy = random(backend, x.shape(), 2);
    }

    @Override
    protected void release() {
        dropout.release();
    }

    /** @return y */
    @Benchmark
    public Tensor forward() {
        return dropout.forward(x, Mode.TRAIN);
    }

    /** @return dx */
    @Benchmark
    public Tensor forwardBackward() {
        dropout.forward(x, Mode.TRAIN);
        return dropout.backward(dy);
    }
}
