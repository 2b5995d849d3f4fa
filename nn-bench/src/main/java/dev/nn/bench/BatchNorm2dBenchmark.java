package dev.nn.bench;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.norm.BatchNorm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * {@code BatchNorm2d(C)} (affine, momentum 0.1) through {@link BatchNorm}, i.e. the backend's
 * {@link dev.nn.api.backend.NormKernels}: the training forward (batch statistics, running-statistics update,
 * normalization), the training forward and backward ({@code dx}, {@code dweight}, {@code dbias}), and the eval
 * forward (running statistics). {@code nn bench}'s byte models: 8, 20 and 8 bytes per element of x.
 */
public class BatchNorm2dBenchmark extends BackendBenchmark {
    /** {@code NxCxHxW}: a ResNet stage-1 activation and a late, channel-heavy one. */
    @Param({"32x64x56x56", "256x512x7x7"})
    public String shape;

    private BatchNorm bn;
    private Tensor x;
    private Tensor dy;

    /** JMH instantiates benchmarks through their public no-argument constructors. */
    public BatchNorm2dBenchmark() {
    }

    @Override
    protected void prepare(Backend backend) {
        Shape s = shape(shape);
        bn = BatchNorm.batchNorm2d(s.dim(1)).build(backend);
        x = random(backend, s, 1);
        dy = random(backend, s, 2);
    }

    @Override
    protected void release() {
        bn.release();
    }

    /** @return y of the training forward pass */
    @Benchmark
    public Tensor trainForward() {
        return bn.forward(x, Mode.TRAIN);
    }

    /** @return dx of the training forward and backward passes */
    @Benchmark
    public Tensor trainForwardBackward() {
        bn.forward(x, Mode.TRAIN);
        return bn.backward(dy);
    }

    /** @return y of the eval forward pass */
    @Benchmark
    public Tensor evalForward() {
        return bn.forward(x, Mode.EVAL);
    }
}
