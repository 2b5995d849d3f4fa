package org.example.nnplugin;

import dev.nn.api.init.Initializer;
import dev.nn.api.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Fills a weight of shape (rows, cols...) with scale times a matrix whose rows (or columns, when there are fewer)
 * are orthonormal: Gram-Schmidt on Gaussian vectors, in double, as in Saxe et al. 2014.
 */
final class ScaledOrthogonal implements Initializer {
    private final double scale;

    ScaledOrthogonal(double scale) {
        this.scale = scale;
    }

    @Override
    public void initialize(Tensor tensor, RandomGenerator random) {
        if (tensor.shape().rank() < 2) {
            throw new IllegalArgumentException("scaled_orthogonal needs a tensor of at least 2 dimensions, got "
                    + tensor.shape() + "; use it for Linear or Conv weights, not biases");
        }
        int rows = tensor.shape().dim(0);
        int cols = tensor.size() / rows;
        boolean transposed = rows > cols;      // orthonormalize the shorter side's vectors
        int n = transposed ? cols : rows;
        int len = transposed ? rows : cols;
        double[][] v = new double[n][len];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < len; k++) {
                v[i][k] = random.nextGaussian();
            }
            orthonormalizeAgainst(v, i);
        }
        float[] values = new float[rows * cols];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < len; k++) {
                int at = transposed ? k * cols + i : i * cols + k;
                values[at] = (float) (scale * v[i][k]);
            }
        }
        tensor.backend().write(tensor, values);
    }

    /** Modified Gram-Schmidt, twice for stability: removes from v[i] its parts along v[0..i-1], then normalizes. */
    private static void orthonormalizeAgainst(double[][] v, int i) {
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < i; j++) {
                double dot = 0;
                for (int k = 0; k < v[i].length; k++) {
                    dot += v[i][k] * v[j][k];
                }
                for (int k = 0; k < v[i].length; k++) {
                    v[i][k] -= dot * v[j][k];
                }
            }
        }
        double norm = 0;
        for (double x : v[i]) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        for (int k = 0; k < v[i].length; k++) {
            v[i][k] /= norm;
        }
    }
}
