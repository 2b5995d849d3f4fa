package dev.nn.core.state;

import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Parameter;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A model's state: every parameter and buffer by its dotted name, as PyTorch's {@code state_dict()}. Saved to and
 * loaded from safetensors files, or copied in memory ({@link #snapshot}/{@link #restore}) for best-weights restore.
 * Loading is strict and all-or-nothing: every problem is reported at once and the model is only changed when the
 * whole file matches it.
 */
public final class ModelState {
    private ModelState() {
    }

    /**
     * {@return parameter values, then buffers, by dotted name (the tensors themselves, not copies)}
     *
     * @param model the model
     */
    public static Map<String, Tensor> tensors(Layer model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> out.put(name, p.value()));
        model.namedBuffers().forEach((name, t) -> {
            if (out.put(name, t) != null) {
                throw new CheckpointException("The model names both a parameter and a buffer '" + name
                        + "'; state names must be unique (rename the buffer in its layer)");
            }
        });
        return out;
    }

    /**
     * Saves atomically; a failed save leaves the previous file intact.
     *
     * @param model the model
     * @param file the target safetensors file
     */
    public static void save(Layer model, Path file) {
        save(model, file, Map.of());
    }

    /**
     * Saves atomically; a failed save leaves the previous file intact.
     *
     * @param model the model
     * @param file the target safetensors file
     * @param metadata strings stored in {@code __metadata__} (e.g. epoch, metric)
     */
    public static void save(Layer model, Path file, Map<String, String> metadata) {
        Safetensors.write(file, tensors(model), counters(model), metadata);
    }

    /**
     * {@return the bytes {@link #save(Layer, Path, Map)} would write: to send a model elsewhere, or keep it in memory}
     *
     * @param model the model
     * @param metadata strings stored in {@code __metadata__}
     */
    public static byte[] encode(Layer model, Map<String, String> metadata) {
        return Safetensors.encode(tensors(model), counters(model), metadata);
    }

    private static Map<String, Long> counters(Layer model) {
        Map<String, Long> counters = new LinkedHashMap<>();
        model.namedCounters().forEach((name, c) -> counters.put(name, c.get()));
        return counters;
    }

    /**
     * Loads a file written by nn or PyTorch into the model.
     *
     * @param model a model of the same architecture
     * @param file a safetensors file
     * @return the file's metadata
     * @throws CheckpointException when the file is unreadable or does not match the model (missing or unexpected
     *                             names, shape mismatches); the model is then unchanged
     */
    public static Map<String, String> load(Layer model, Path file) {
        SafetensorsFile content = Safetensors.read(file);
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        content.tensors().forEach((name, t) -> {
            values.put(name, t.values());
            shapes.put(name, t.shape());
        });
        apply(model, values, shapes, "checkpoint", "checkpoint " + file);
        return content.metadata();
    }

    /**
     * {@return a copy of every parameter and buffer, by name}
     *
     * @param model the model
     */
    public static Map<String, float[]> snapshot(Layer model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        tensors(model).forEach((name, t) -> out.put(name, t.toArray()));
        model.namedCounters().forEach((name, c) -> out.put(name, new float[] {c.get()}));
        return out;
    }

    /**
     * Writes a {@link #snapshot} back.
     *
     * @param model the model the snapshot was taken from (or one of the same architecture)
     * @param snapshot values by name
     */
    public static void restore(Layer model, Map<String, float[]> snapshot) {
        apply(model, snapshot, null, "snapshot", "snapshot");
    }

    private static void apply(Layer model, Map<String, float[]> values, Map<String, Shape> shapes,
                              String kind, String source) {
        Map<String, Parameter> params = model.namedParameters();
        Map<String, Tensor> targets = tensors(model);
        Map<String, Counter> counters = model.namedCounters();
        List<String> problems = new ArrayList<>();
        var missing = new TreeSet<>(targets.keySet());
        missing.addAll(counters.keySet());
        missing.removeAll(values.keySet());
        var unexpected = new TreeSet<>(values.keySet());
        unexpected.removeAll(targets.keySet());
        unexpected.removeAll(counters.keySet());
        if (!missing.isEmpty()) {
            problems.add("missing tensors " + missing + " (in the model, not in the " + kind + ")");
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected tensors " + unexpected + " (in the " + kind
                    + ", not in the model)");
        }
        targets.forEach((name, t) -> {
            float[] v = values.get(name);
            if (v == null) {
                return;
            }
            boolean sameShape = shapes == null ? v.length == t.size() : shapes.get(name).equals(t.shape());
            if (!sameShape) {
                problems.add("size mismatch for '" + name + "': the " + kind + " has shape "
                        + (shapes == null ? "of " + v.length + " values" : shapes.get(name))
                        + ", the model has " + t.shape());
            }
        });
        counters.forEach((name, c) -> {
            float[] v = values.get(name);
            if (v != null && (v.length != 1 || !(v[0] >= 0) || v[0] != Math.rint(v[0]))) {
                problems.add("'" + name + "' must hold one count (a whole number >= 0), got "
                        + (v.length == 1 ? String.valueOf(v[0]) : v.length + " values"));
            }
        });
        if (!problems.isEmpty()) {
            throw new CheckpointException("Cannot load " + source + " into " + model.kind() + ": "
                    + String.join("; ", problems) + ". Build the model with the architecture that was saved.");
        }
        targets.forEach((name, t) -> {
            Parameter p = params.get(name);
            if (p != null && p.value() == t) {
                p.set(values.get(name));
            } else {
                t.backend().write(t, values.get(name));
            }
        });
        counters.forEach((name, c) -> c.set((long) values.get(name)[0]));
    }
}
