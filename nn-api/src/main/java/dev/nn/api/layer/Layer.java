package dev.nn.api.layer;

import dev.nn.api.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network layer with an explicit forward and backward pass (the cuDNN/Caffe model, no autograd graph). A layer
 * keeps what its backward pass needs from the last forward pass, so calls alternate: forward, then backward.
 * Layers form a tree; names of nested parameters and buffers are dotted paths, as in PyTorch's
 * {@code state_dict} ({@code 0.weight}, {@code norm.running_mean}).
 */
public interface Layer {
    /**
     * {@return the output}
     *
     * @param x the input; its backend runs the kernels
     * @param mode train or eval
     */
    Tensor forward(Tensor x, Mode mode);

    /**
     * Accumulates parameter gradients and returns the gradient with respect to the last forward input.
     *
     * @param gradOutput gradient of the loss with respect to the last output
     * @return gradient with respect to the last input
     */
    Tensor backward(Tensor gradOutput);

    /** {@return the trainable parameters of this layer alone, in a stable order} */
    default List<Parameter> ownParameters() {
        return List.of();
    }

    /** {@return non-trainable state of this layer alone (running statistics), by name, in a stable order} */
    default Map<String, Tensor> ownBuffers() {
        return Map.of();
    }

    /**
     * {@return counts kept on the host (BatchNorm's {@code num_batches_tracked}), by name, in a stable order; saved as
     * int64 tensors in checkpoints}
     */
    default Map<String, Counter> ownCounters() {
        return Map.of();
    }

    /**
     * {@return the step counters of this layer alone's random streams (a dropout layer's mask key advances once per
     * training forward pass), by name, in a stable order}. They are not part of a model checkpoint (PyTorch's
     * dropout has no state), but a training state saves them so that a resumed run draws the masks the
     * uninterrupted run would have drawn.
     */
    default Map<String, Counter> ownNoiseSteps() {
        return Map.of();
    }

    /** {@return direct sub-layers by name, in order} */
    default Map<String, Layer> children() {
        return Map.of();
    }

    /** {@return a short kind name used in reports and init rules, e.g. {@code Linear}} */
    default String kind() {
        return getClass().getSimpleName();
    }

    /** {@return every parameter of the tree by dotted name, in PyTorch's {@code named_parameters()} order} */
    default Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Parameter p : ownParameters()) {
            out.put(p.name(), p);
        }
        children().forEach((prefix, child) ->
                child.namedParameters().forEach((name, p) -> out.put(prefix + "." + name, p)));
        return out;
    }

    /** {@return every buffer of the tree by dotted name} */
    default Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>(ownBuffers());
        children().forEach((prefix, child) ->
                child.namedBuffers().forEach((name, t) -> out.put(prefix + "." + name, t)));
        return out;
    }

    /** {@return every counter of the tree by dotted name} */
    default Map<String, Counter> namedCounters() {
        Map<String, Counter> out = new LinkedHashMap<>(ownCounters());
        children().forEach((prefix, child) ->
                child.namedCounters().forEach((name, c) -> out.put(prefix + "." + name, c)));
        return out;
    }

    /** {@return every noise step counter of the tree by dotted name} */
    default Map<String, Counter> namedNoiseSteps() {
        Map<String, Counter> out = new LinkedHashMap<>(ownNoiseSteps());
        children().forEach((prefix, child) ->
                child.namedNoiseSteps().forEach((name, c) -> out.put(prefix + "." + name, c)));
        return out;
    }

    /**
     * Returns the memory this layer and its children keep between calls (outputs, input gradients, saved
     * statistics, masks) to their backend now, instead of when the backend closes. Parameters, buffers and counters
     * stay; the next forward allocates again. Tensors the layers returned before must not be used afterwards.
     */
    default void release() {
        children().values().forEach(Layer::release);
    }

    /** Zeroes every gradient in the tree. */
    default void zeroGrad() {
        namedParameters().values().forEach(Parameter::zeroGrad);
    }
}
