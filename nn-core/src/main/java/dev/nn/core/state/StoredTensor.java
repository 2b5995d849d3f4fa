package dev.nn.core.state;

import dev.nn.api.tensor.Shape;

/**
 * One tensor read from a checkpoint, converted to float32.
 *
 * @param dtype the dtype it was stored with, e.g. {@code F32} or {@code I64}
 * @param shape its shape
 * @param values its values, row-major
 */
public record StoredTensor(String dtype, Shape shape, float[] values) {
}
