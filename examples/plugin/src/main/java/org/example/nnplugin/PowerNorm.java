package org.example.nnplugin;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.api.tensor.TensorSlot;
import java.util.List;
import java.util.Map;

/**
 * Power normalization of (N, C, *) inputs (Shen et al. 2020, without its approximate backward): per channel c,
 * {@code y = gamma_c * x / sqrt(q_c + eps)} with q_c the batch's quadratic mean of x (no centering), and in eval a
 * running q. Computed on the host through the backend's read/write: an example of the SPI, not a fast kernel.
 */
final class PowerNorm implements Layer {
    private final Backend backend;
    private final int channels;
    private final double eps;
    private final double momentum;
    private final Parameter gamma;
    private final Tensor runningQ;
    // outputs live in reused buffers, valid until the next call, like every layer's
    private final TensorSlot output = new TensorSlot();
    private final TensorSlot inputGrad = new TensorSlot();
    private float[] x;
    private double[] r;
    private Shape shape;

    PowerNorm(Backend backend, int channels, double eps, double momentum) {
        this.backend = backend;
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.gamma = new Parameter("weight", ParameterRole.NORM_SCALE, backend.tensor(Shape.of(channels), ones(channels)));
        this.runningQ = backend.tensor(Shape.of(channels), ones(channels));
    }

    @Override
    public Tensor forward(Tensor input, Mode mode) {
        shape = input.shape();
        if (shape.rank() < 2 || shape.dim(1) != channels) {
            throw new IllegalArgumentException("power_norm(" + channels + ") got input " + shape
                    + ": expected (N, " + channels + ", ...); num_features must equal the previous layer's channels");
        }
        x = input.toArray();
        int inner = shape.size() / (shape.dim(0) * channels);
        int count = shape.dim(0) * inner;
        float[] running = runningQ.toArray();
        r = new double[channels];
        for (int c = 0; c < channels; c++) {
            double q;
            if (mode == Mode.TRAIN) {
                double sum = 0;
                for (int at : indices(c, inner)) {
                    sum += (double) x[at] * x[at];
                }
                q = sum / count;
                running[c] = (float) ((1 - momentum) * running[c] + momentum * q);
            } else {
                q = running[c];
            }
            r[c] = 1 / Math.sqrt(q + eps);
        }
        if (mode == Mode.TRAIN) {
            backend.write(runningQ, running);
        }
        float[] g = gamma.value().toArray();
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int c = (i / inner) % channels;
            y[i] = (float) (g[c] * x[i] * r[c]);
        }
        Tensor out = output.get(backend, shape);
        backend.write(out, y);
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        float[] dy = gradOutput.toArray();
        float[] g = gamma.value().toArray();
        float[] dg = gamma.grad().toArray();
        int inner = shape.size() / (shape.dim(0) * channels);
        int count = shape.dim(0) * inner;
        float[] dx = new float[x.length];
        for (int c = 0; c < channels; c++) {
            double dyXhat = 0;
            for (int at : indices(c, inner)) {
                dyXhat += dy[at] * x[at] * r[c];
            }
            dg[c] += (float) dyXhat;
            // d/dx of x * r(q(x)): r * (dxhat - xhat * mean(dxhat * xhat)), dxhat = dy * gamma
            double meanTerm = g[c] * dyXhat / count;
            for (int at : indices(c, inner)) {
                double xhat = x[at] * r[c];
                dx[at] = (float) (r[c] * (g[c] * dy[at] - xhat * meanTerm));
            }
        }
        backend.write(gamma.grad(), dg);
        Tensor out = inputGrad.get(backend, shape);
        backend.write(out, dx);
        return out;
    }

    @Override
    public List<Parameter> ownParameters() {
        return List.of(gamma);
    }

    @Override
    public Map<String, Tensor> ownBuffers() {
        return Map.of("running_q", runningQ);
    }

    @Override
    public String kind() {
        return "PowerNorm";
    }

    private int[] indices(int c, int inner) {
        int n = shape.dim(0);
        int[] out = new int[n * inner];
        for (int s = 0; s < n; s++) {
            for (int k = 0; k < inner; k++) {
                out[s * inner + k] = (s * channels + c) * inner + k;
            }
        }
        return out;
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, 1f);
        return v;
    }
}
