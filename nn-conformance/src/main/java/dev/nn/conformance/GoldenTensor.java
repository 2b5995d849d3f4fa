package dev.nn.conformance;

import dev.nn.api.tensor.Shape;
import java.util.Arrays;

/**
 * One tensor of a golden file: shape, dtype and row-major values held as doubles (float32 values round-trip
 * exactly through their double form, int64 values up to 2^53).
 *
 * @param name its key in the file
 * @param shape dimensions; empty for a scalar
 * @param dtype {@code float32}, {@code float64} or {@code int64}
 * @param data the values
 */
public record GoldenTensor(String name, int[] shape, String dtype, double[] data) {
    /** {@return the shape} */
    public Shape toShape() {
        return Shape.of(shape);
    }

    /** {@return the values as float32, exactly the stored floats} */
    public float[] floats() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return f;
    }

    /** {@return the values as longs (int64 tensors)} */
    public long[] longs() {
        return Arrays.stream(data).mapToLong(d -> (long) d).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoldenTensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && dtype.equals(t.dtype) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + " " + dtype;
    }
}
