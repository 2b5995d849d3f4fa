package dev.nn.bench;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.Conv2dGeometry;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The {@code nn train --model cnn} model's second convolution, {@code Conv2d(32, 64, 3, padding=1)} on
 * {@code (64, 32, 14, 14)}, forward and backward (input, weight and bias gradients) through
 * {@link Backend#conv2dForward} and {@link Backend#conv2dBackward}: 3 * 2 * N * Cout * H * W * Cin * 9 = 1.387 GFLOP
 * per operation, so GFLOP/s = 1387.3 / (ms/op).
 */
public class Conv3x3Benchmark extends BackendBenchmark {
    private final Conv2dGeometry g = new Conv2dGeometry(64, 32, 14, 14, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1);
    private Tensor x;
    private Tensor w;
    private Tensor bias;
    private Tensor y;
    private Tensor dy;
    private Tensor dx;
    private Tensor dw;
    private Tensor db;

    /** JMH instantiates benchmarks through their public no-argument constructors. */
    public Conv3x3Benchmark() {
    }

    @Override
    protected void prepare(Backend backend) {
        x = random(backend, Shape.of(64, 32, 14, 14), 1);
        w = random(backend, Shape.of(64, 32, 3, 3), 2);
        bias = random(backend, Shape.of(64), 3);
        y = backend.zeros(Shape.of(64, 64, 14, 14));
        dy = random(backend, y.shape(), 4);
        dx = backend.zeros(x.shape());
        dw = backend.zeros(w.shape());
        db = backend.zeros(bias.shape());
    }

    /**
     * Forward, then backward into zeroed {@code dx} (the kernel accumulates); {@code dw} and {@code db} accumulate
     * across operations, as parameter gradients do between two {@code zeroGrad}s.
     *
     * @return dx
     */
    @Benchmark
    public Tensor forwardBackward() {
        b.conv2dForward(g, y, x, w, bias);
        b.fill(dx, 0f);
        b.conv2dBackward(g, dx, dw, db, dy, x, w);
        return dx;
    }
}
