package dev.nn.init.internal;

import dev.nn.api.tensor.Shape;
import dev.nn.init.InitException;
import java.util.random.RandomGenerator;

/**
 * PyTorch's {@code sparse_} (Martens 2010): N(0, std^2) values, then in every column {@code ceil(sparsity * rows)}
 * rows chosen at random are set to zero.
 */
public final class Sparse {
    private Sparse() {
    }

    /**
     * @param shape a 2-D shape
     * @param sparsity the fraction of zeros per column, in [0, 1]
     * @param std the standard deviation of the non-zero values
     * @param random the stream
     * @return the values
     */
    public static float[] sample(Shape shape, double sparsity, double std, RandomGenerator random) {
        if (shape.rank() != 2) {
            throw new InitException("Only tensors with 2 dimensions are supported by sparse (got shape " + shape
                    + ")");
        }
        int rows = shape.dim(0);
        int cols = shape.dim(1);
        int zeros = (int) Math.ceil(sparsity * rows);
        float[] out = Sampling.normal(shape.size(), 0, std, random);
        int[] order = new int[rows];
        for (int c = 0; c < cols; c++) {
            for (int i = 0; i < rows; i++) {
                order[i] = i;
            }
            // the first `zeros` slots of a partial Fisher-Yates shuffle are a uniform random subset
            for (int i = 0; i < zeros; i++) {
                int j = i + random.nextInt(rows - i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
                out[order[i] * cols + c] = 0f;
            }
        }
        return out;
    }
}
