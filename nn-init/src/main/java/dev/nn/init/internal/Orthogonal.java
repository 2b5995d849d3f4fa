package dev.nn.init.internal;

import dev.nn.api.tensor.Shape;
import dev.nn.init.InitException;
import java.util.random.RandomGenerator;

/**
 * PyTorch's {@code orthogonal_}: the weight, with trailing dimensions flattened to {@code (rows, cols)}, becomes
 * the Q factor of a standard normal matrix (of its transpose when {@code rows < cols}) with the signs fixed so that
 * R has a positive diagonal, which makes Q Haar-distributed; then it is scaled by the gain. Gram-Schmidt, applied
 * twice for stability in double precision, yields exactly that sign-corrected Q.
 */
public final class Orthogonal {
    private Orthogonal() {
    }

    /**
     * @param shape the weight's shape, rank >= 2
     * @param gain the scale
     * @param random the stream
     * @return the row-major values
     */
    public static float[] sample(Shape shape, double gain, RandomGenerator random) {
        if (shape.rank() < 2) {
            throw new InitException("Only tensors with 2 or more dimensions are supported by orthogonal (got shape "
                    + shape + "); reshape the parameter or use another initializer for it");
        }
        int rows = shape.dim(0);
        int size = shape.size();
        if (size == 0) {
            return new float[0];
        }
        int cols = size / rows;
        double[] flat = new double[size];
        for (int i = 0; i < size; i++) {
            flat[i] = random.nextGaussian();
        }
        boolean wide = rows < cols;
        int m = Math.max(rows, cols);
        int n = Math.min(rows, cols);
        // column j of the tall (m, n) matrix A: A = flat for tall, A = flat^T for wide
        double[][] q = new double[n][m];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                q[j][i] = wide ? flat[j * cols + i] : flat[i * cols + j];
            }
        }
        for (int j = 0; j < n; j++) {
            double[] v = q[j];
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double r = dot(q[k], v);
                    for (int i = 0; i < m; i++) {
                        v[i] -= r * q[k][i];
                    }
                }
            }
            double norm = Math.sqrt(dot(v, v));
            for (int i = 0; i < m; i++) {
                v[i] /= norm;
            }
        }
        float[] out = new float[size];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = (float) (gain * (wide ? q[r][c] : q[c][r]));
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
