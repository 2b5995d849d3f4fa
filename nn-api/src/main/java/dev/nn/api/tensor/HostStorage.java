package dev.nn.api.tensor;

/**
 * Heap storage shared by every host backend, so tensors pass between the scalar and SIMD backends without a
 * copy. The array is the tensor's data, row-major, starting at index 0.
 *
 * @param array the values; owned by the tensor, not copied
 */
public record HostStorage(float[] array) implements Storage {
    @Override
    public int capacity() {
        return array.length;
    }
}
