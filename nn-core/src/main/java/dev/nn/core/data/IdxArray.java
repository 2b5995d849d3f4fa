package dev.nn.core.data;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An array read from an IDX file: its element type, dimensions and the raw big-endian data section.
 *
 * @param type the element type
 * @param dims dimensions, outermost (items) first
 * @param data {@code product(dims) * type.width()} bytes, big-endian, not copied
 */
public record IdxArray(IdxType type, int[] dims, byte[] data) {
    /** {@return the number of items (the first dimension)} */
    public int items() {
        return dims[0];
    }

    /** {@return the number of values per item (the product of the other dimensions)} */
    public int itemSize() {
        int n = 1;
        for (int i = 1; i < dims.length; i++) {
            n *= dims[i];
        }
        return n;
    }

    /**
     * {@return their values as floats, row-major ({@code count * itemSize()} values)}
     *
     * @param first the first item
     * @param count how many items
     */
    public float[] floats(int first, int count) {
        if (first < 0 || count < 0 || (long) first + count > items()) {
            throw new DataException("Items " + first + ".." + ((long) first + count) + " are out of range for an "
                    + "IDX array of " + items() + " items");
        }
        int per = itemSize();
        float[] out = new float[count * per];
        ByteBuffer buf = ByteBuffer.wrap(data); // big-endian, IDX's byte order
        int w = type.width();
        long base = (long) first * per;
        for (int i = 0; i < out.length; i++) {
            int at = (int) ((base + i) * w);
            out[i] = switch (type) {
                case UBYTE -> data[at] & 0xFF;
                case BYTE -> data[at];
                case SHORT -> buf.getShort(at);
                case INT -> buf.getInt(at);
                case FLOAT -> buf.getFloat(at);
                case DOUBLE -> (float) buf.getDouble(at);
            };
        }
        return out;
    }

    @Override
    public String toString() {
        return "IdxArray(" + type + " " + Arrays.toString(dims) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray a && a.type == type && Arrays.equals(a.dims, dims) && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Arrays.hashCode(dims)) + Arrays.hashCode(data);
    }
}
