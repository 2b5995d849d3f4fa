package dev.nn.core.data;

import dev.nn.api.backend.Backend;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;

/**
 * A batch of samples, copied out of a {@link Dataset}.
 *
 * @param features row-major values of shape {@code shape}
 * @param shape {@code (batch, sampleShape...)}
 * @param labels one label per sample
 * @param indices the samples' indices in the dataset
 */
public record Batch(float[] features, Shape shape, float[] labels, int[] indices) {
    /** {@return the number of samples} */
    public int size() {
        return labels.length;
    }

    /**
     * {@return the features as a tensor of shape {@link #shape()}}
     *
     * @param backend where to put it
     */
    public Tensor inputs(Backend backend) {
        return backend.tensor(shape, features);
    }

    /**
     * {@return the labels as a tensor of shape {@code (batch)}}
     *
     * @param backend where to put it
     */
    public Tensor targets(Backend backend) {
        return backend.tensor(Shape.of(labels.length), labels);
    }
}
