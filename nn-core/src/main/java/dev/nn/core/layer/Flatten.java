package dev.nn.core.layer;

import dev.nn.api.ShapeException;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;

/**
 * Merges the dimensions {@code start_dim..end_dim} into one, PyTorch's {@code nn.Flatten(start_dim=1, end_dim=-1)}:
 * {@code (N, C, H, W) -> (N, C*H*W)} by default. The output is a view of the input's storage (no copy), as
 * PyTorch's {@code view}; backward reshapes the gradient back.
 */
public final class Flatten implements Layer {
    private final int startDim;
    private final int endDim;
    private Shape inputShape;

    /** Keeps the batch dimension and flattens the rest (PyTorch's defaults start_dim=1, end_dim=-1). */
    public Flatten() {
        this(1, -1);
    }

    /**
     * Flattens the dimensions {@code startDim..endDim} into one.
     *
     * @param startDim first dimension to merge; negative counts from the end
     * @param endDim last dimension to merge, inclusive; negative counts from the end
     */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Shape s = x.shape();
        int rank = Math.max(s.rank(), 1);
        int start = normalize(startDim, rank, s, "start_dim");
        int end = normalize(endDim, rank, s, "end_dim");
        if (start > end) {
            throw new ShapeException(this + " got input of shape " + s + ": start_dim " + startDim
                    + " comes after end_dim " + endDim + " (dims " + start + " > " + end
                    + "); choose start_dim <= end_dim");
        }
        int[] dims = s.toArray();
        int[] out = new int[rank - (end - start)];
        int k = 0;
        for (int i = 0; i < start; i++) {
            out[k++] = dims[i];
        }
        out[k++] = s.rank() == 0 ? 1 : s.product(start, end + 1);
        for (int i = end + 1; i < dims.length; i++) {
            out[k++] = dims[i];
        }
        inputShape = s;
        return x.reshape(out);
    }

    private int normalize(int dim, int rank, Shape s, String name) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new ShapeException(this + " got input of shape " + s + " of rank " + s.rank() + ": " + name + "="
                    + dim + " is out of range [" + (-rank) + ", " + (rank - 1) + "]"
                    + (dim == 1 && rank == 1 ? "; the input has no batch dimension, reshape it to (1, n) or use "
                    + "Flatten(0, -1)" : ""));
        }
        return d;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (inputShape == null) {
            throw new IllegalStateException("Flatten.backward() called before forward()");
        }
        if (gradOutput.size() != inputShape.size()) {
            throw new ShapeException("Flatten.backward() got a gradient of shape " + gradOutput.shape() + " ("
                    + gradOutput.size() + " values) but the last input " + inputShape + " had " + inputShape.size()
                    + "; pass the gradient of the last output");
        }
        return gradOutput.reshape(inputShape.toArray());
    }

    @Override
    public String toString() {
        return "Flatten(start_dim=" + startDim + ", end_dim=" + endDim + ")";
    }
}
