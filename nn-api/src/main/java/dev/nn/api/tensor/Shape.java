package dev.nn.api.tensor;

import dev.nn.api.ShapeException;
import java.util.Arrays;

/**
 * The dimensions of a row-major tensor, PyTorch style: {@code (N, C, H, W)} for images, {@code (N, F)} for
 * features. Immutable. A rank-0 shape {@code []} holds one value.
 */
public final class Shape {
    private final int[] dims;
    private final long size;

    private Shape(int[] dims) {
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new ShapeException("Dimension " + i + " of shape " + Arrays.toString(dims)
                        + " is negative; every dimension must be >= 0");
            }
            n = Math.min(n * dims[i], Integer.MAX_VALUE + 1L);  // clamped: a long product of many dims wraps
        }
        if (n > Integer.MAX_VALUE) {
            throw new ShapeException("Shape " + Arrays.toString(dims) + " holds more than " + Integer.MAX_VALUE
                    + " elements; a tensor holds at most " + Integer.MAX_VALUE + " (split the batch)");
        }
        this.dims = dims;
        this.size = n;
    }

    /**
     * {@return the shape}
     *
     * @param dims the dimensions, outermost first
     */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /** {@return the number of dimensions} */
    public int rank() {
        return dims.length;
    }

    /**
     * {@return the size of that dimension}
     *
     * @param axis a dimension index; negative counts from the end ({@code -1} is the last)
     */
    public int dim(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new ShapeException("Axis " + axis + " is out of range for shape " + this
                    + " of rank " + dims.length + "; use 0.." + (dims.length - 1) + " or -1..-" + dims.length);
        }
        return dims[a];
    }

    /** {@return the number of elements (the product of all dimensions)} */
    public int size() {
        return (int) size;
    }

    /** {@return a copy of the dimensions} */
    public int[] toArray() {
        return dims.clone();
    }

    /**
     * {@return the product of the dimensions in {@code [from, to)}}
     *
     * @param from first axis, inclusive
     * @param to last axis, exclusive
     */
    public int product(int from, int to) {
        long n = 1;
        for (int i = from; i < to; i++) {
            n *= dims[i];
        }
        return (int) n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** @return the dimensions like PyTorch prints them, e.g. {@code [4, 32, 5, 5]} */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
