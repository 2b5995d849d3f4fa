package dev.nn.validate;

import dev.nn.api.tensor.Tensor;
import dev.nn.core.loss.Loss;

/**
 * Test-local mean squared error (PyTorch {@code MSELoss()}, mean over all elements) until nn-core ships one:
 * loss = mean((p - t)^2), gradient = 2 (p - t) / N.
 */
final class SquaredErrorLoss implements Loss {
    private Tensor diff;
    private int count;

    @Override
    public float forward(Tensor prediction, Tensor target) {
        if (prediction.size() != target.size()) {
            throw new IllegalArgumentException("prediction " + prediction.shape() + " vs target " + target.shape());
        }
        diff = prediction.backend().zeros(prediction.shape());
        prediction.backend().copy(diff, prediction);
        prediction.backend().axpy(diff, -1f, target.reshape(prediction.shape().toArray()));
        count = prediction.size();
        double s = 0;
        for (float d : diff.toArray()) {
            s += (double) d * d;
        }
        return (float) (s / count);
    }

    @Override
    public Tensor backward() {
        Tensor g = diff.backend().zeros(diff.shape());
        diff.backend().scale(g, diff, 2f / count);
        return g;
    }
}
