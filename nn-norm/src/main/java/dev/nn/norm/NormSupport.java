package dev.nn.norm;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks, allocations at construction and state maps shared by the normalization layers. */
final class NormSupport {
    private NormSupport() {
    }

    /** @return a tensor of ones (PyTorch's initial weight and running_var) */
    static Tensor ones(Backend backend, Shape shape) {
        Tensor t = backend.zeros(shape);
        backend.fill(t, 1f);
        return t;
    }

    /** @return the scale parameter {@code weight}, initialized to ones like PyTorch's {@code reset_parameters} */
    static Parameter scale(Backend backend, Shape shape) {
        return new Parameter("weight", ParameterRole.NORM_SCALE, ones(backend, shape));
    }

    /** @return the shift parameter {@code bias}, initialized to zeros */
    static Parameter shift(Backend backend, Shape shape) {
        return new Parameter("bias", ParameterRole.NORM_SHIFT, backend.zeros(shape));
    }

    /** @return the parameter's value, or null when the layer has no such parameter (not affine) */
    static Tensor value(Parameter p) {
        return p == null ? null : p.value();
    }

    /** @return the parameter's gradient, or null when the layer has no such parameter (not affine) */
    static Tensor grad(Parameter p) {
        return p == null ? null : p.grad();
    }

    /** @return the existing ones of weight and bias, in that order (PyTorch's registration order) */
    static List<Parameter> parameters(Parameter weight, Parameter bias) {
        List<Parameter> out = new ArrayList<>(2);
        if (weight != null) {
            out.add(weight);
        }
        if (bias != null) {
            out.add(bias);
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * @return {@code running_mean}, {@code running_var} in PyTorch's state_dict order, or no buffers when the layer
     *         does not track running statistics ({@code runningMean} null)
     */
    static Map<String, Tensor> runningBuffers(Tensor runningMean, Tensor runningVar) {
        if (runningMean == null) {
            return Map.of();
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("running_mean", runningMean);
        out.put("running_var", runningVar);
        return Collections.unmodifiableMap(out);
    }

    /**
     * @return {@code num_batches_tracked} (it follows the running buffers in PyTorch's state_dict), or no counters
     *         when the layer does not track running statistics ({@code numBatchesTracked} null)
     */
    static Map<String, Counter> runningCounters(Counter numBatchesTracked) {
        return numBatchesTracked == null ? Map.of() : Map.of("num_batches_tracked", numBatchesTracked);
    }

    static void requirePositive(String owner, String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(owner + ": " + name + " must be a positive integer, got " + value);
        }
    }

    static float eps(String owner, double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException(owner + ": eps must be a positive finite number (PyTorch's default is "
                    + "1e-5), got " + eps);
        }
        return (float) eps;
    }

    static Double momentum(String owner, Double momentum) {
        if (momentum != null && !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(owner + ": momentum must be in [0, 1] (the weight of the new batch, "
                    + "PyTorch convention; default 0.1) or null for a cumulative average, got " + momentum
                    + ". A Keras momentum such as 0.99 converts with "
                    + "BatchNorm.fromKerasMomentum(0.99)");
        }
        return momentum;
    }

    static int[] normalizedShape(String owner, int[] normalizedShape) {
        if (normalizedShape == null || normalizedShape.length == 0) {
            throw new IllegalArgumentException(owner + ": normalized_shape must name at least one trailing "
                    + "dimension, e.g. [features] or [C, H, W]");
        }
        for (int d : normalizedShape) {
            requirePositive(owner, "every normalized_shape dimension", d);
        }
        return normalizedShape.clone();
    }

    /**
     * PyTorch's LayerNorm/RMSNorm shape rule: the input's trailing dimensions must equal normalized_shape.
     *
     * @return the number of rows (product of the leading dimensions)
     */
    static int rowsOver(String owner, int[] normalizedShape, Shape input) {
        int k = normalizedShape.length;
        int[] dims = input.toArray();
        boolean ok = dims.length >= k;
        for (int i = 0; ok && i < k; i++) {
            ok = dims[dims.length - k + i] == normalizedShape[i];
        }
        if (!ok) {
            String ns = Arrays.toString(normalizedShape);
            throw new ShapeException("Given normalized_shape=" + ns + ", expected input with shape [*, "
                    + ns.substring(1) + ", but got input of size" + input + " (" + owner + " normalizes over the "
                    + "last " + k + " dimension" + (k == 1 ? "" : "s") + " of its input; build it with the input's "
                    + "trailing dimensions, e.g. " + Arrays.toString(Arrays.copyOfRange(dims,
                    Math.max(0, dims.length - k), dims.length)) + ", or reshape the input)");
        }
        return input.product(0, dims.length - k);
    }

    static void requireForwardDone(Object saved, String owner) {
        if (saved == null) {
            throw new IllegalStateException(owner + ": backward() was called before forward(); run forward(x, mode) "
                    + "first, then backward(gradOutput) with a gradient of the output's shape");
        }
    }

    /**
     * The preconditions of every norm layer's backward: a forward ran, and the gradient has its output's shape.
     *
     * @return the shape of the saved forward input (= the output's)
     */
    static Shape requireBackwardReady(String owner, Tensor savedInput, Tensor gradOutput) {
        requireForwardDone(savedInput, owner);
        requireSameShape(owner, savedInput.shape(), gradOutput);
        return savedInput.shape();
    }

    static void requireSameShape(String owner, Shape expected, Tensor gradOutput) {
        if (!expected.equals(gradOutput.shape())) {
            throw new ShapeException(owner + ": gradOutput has shape " + gradOutput.shape()
                    + " but the last forward output had shape " + expected + "; pass the gradient of that output");
        }
    }
}
