package dev.nn.init.internal;

import dev.nn.api.tensor.Shape;
import dev.nn.init.InitException;

/** Deterministic identity-preserving weights: PyTorch's {@code eye_} and {@code dirac_}. */
public final class Structured {
    private Structured() {
    }

    /**
     * @param shape a 2-D shape
     * @return the identity matrix (ones on the main diagonal of a rectangular matrix)
     */
    public static float[] eye(Shape shape) {
        if (shape.rank() != 2) {
            throw new InitException("Only tensors with 2 dimensions are supported by eye (got shape " + shape
                    + "); use dirac for convolution weights");
        }
        int rows = shape.dim(0);
        int cols = shape.dim(1);
        float[] out = new float[shape.size()];
        for (int i = 0; i < Math.min(rows, cols); i++) {
            out[i * cols + i] = 1f;
        }
        return out;
    }

    /**
     * A convolution weight {@code (out, in/groups, *kernel)} that passes each input channel of a group through
     * unchanged: a 1 at the kernel centre of {@code [g * outPerGroup + d, d]} for {@code d < min(outPerGroup, in)}.
     *
     * @param shape rank 3, 4 or 5
     * @param groups the convolution's groups
     * @return the values
     */
    public static float[] dirac(Shape shape, int groups) {
        int rank = shape.rank();
        if (rank < 3 || rank > 5) {
            throw new InitException("Only tensors with 3, 4, or 5 dimensions are supported by dirac (got shape "
                    + shape + "); dirac fills Conv1d/2d/3d weights shaped (out_channels, in_channels/groups,"
                    + " *kernel)");
        }
        if (groups < 1 || shape.dim(0) % groups != 0) {
            throw new InitException("dim 0 must be divisible by groups: out_channels " + shape.dim(0)
                    + " is not a multiple of groups=" + groups + "; pass the convolution's groups");
        }
        int outPerGroup = shape.dim(0) / groups;
        int inPerGroup = shape.dim(1);
        int kernel = shape.product(2, rank);
        int centre = 0;
        for (int axis = 2; axis < rank; axis++) {
            centre = centre * shape.dim(axis) + shape.dim(axis) / 2;
        }
        float[] out = new float[shape.size()];
        for (int g = 0; g < groups; g++) {
            for (int d = 0; d < Math.min(outPerGroup, inPerGroup); d++) {
                int o = g * outPerGroup + d;
                out[(o * inPerGroup + d) * kernel + centre] = 1f;
            }
        }
        return out;
    }
}
