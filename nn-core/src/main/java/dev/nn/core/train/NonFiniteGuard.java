package dev.nn.core.train;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.tensor.Tensor;
import dev.nn.core.json.Json;
import dev.nn.core.json.JsonException;
import dev.nn.core.layer.Sequential;
import dev.nn.core.state.CheckpointException;
import dev.nn.core.state.Stateful;
import dev.nn.core.state.TrainingState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Stops training as soon as a batch's training loss, or an epoch's validation loss, is NaN or infinite, with a
 * message naming the epoch, the batch and the layer, so a diverged run neither burns more time nor records
 * garbage. The epoch in which it happens is not recorded; checkpoints written before stay as they were.
 *
 * <p>The trainer reads the step losses only every few steps ({@link Trainer.Builder#optProgressEvery}), but each
 * record says which of its steps was the first non-finite one, so the step is exact. Then, once, the guard looks
 * on the host for non-finite values: every parameter and buffer layer by layer in forward order and, when those
 * are all finite and a probe batch was given, each layer's output on that batch (in training mode for a training
 * loss, evaluation mode for a validation loss, as the failing pass ran). {@link #divergence()} holds what it found.
 * Nothing of this runs while the losses are finite. Its state (the divergence found, if any) saves and loads for
 * resuming a run, so a run stopped by a non-finite validation loss reports the same divergence when resumed.
 */
public final class NonFiniteGuard implements Callback, Stateful {
    private final Tensor probe;
    private Divergence divergence;
    private int batchesPerEpoch;

    /** A guard that checks parameters and buffers only. */
    public NonFiniteGuard() {
        this(null);
    }

    /**
     * A guard that watches the given tensor.
     *
     * @param probe a batch of model inputs (e.g. the first training samples), pushed through the model's layers once
     *     after divergence when every parameter and buffer is still finite, to find the layer whose output turns
     *     non-finite; null for none. It is not freed by the guard.
     */
    public NonFiniteGuard(Tensor probe) {
        this.probe = probe;
    }

    /** {@return where the run diverged, once it has} */
    public Optional<Divergence> divergence() {
        return Optional.ofNullable(divergence);
    }

    @Override
    public void saveState(TrainingState state) {
        state.putLong("batches_per_epoch", batchesPerEpoch);
        state.putBoolean("diverged", divergence != null);
        if (divergence != null) {
            state.putLong("epoch", divergence.epoch());
            state.putLong("batch", divergence.batch());
            state.putLong("batches", divergence.batches());
            state.putLong("step", divergence.step());
            state.putString("phase", divergence.phase());
            state.putDouble("loss", divergence.loss());
            state.putString("layer", divergence.layer());
            state.putString("findings", Json.write(divergence.findings()));
        }
    }

    @Override
    public void loadState(TrainingState state) {
        int batches = state.getInt("batches_per_epoch");
        Divergence saved = null;
        if (state.getBoolean("diverged")) {
            List<String> findings = new ArrayList<>();
            String text = state.getString("findings");
            try {
                for (Object f : (List<?>) Json.parse(text)) {
                    findings.add((String) f);
                }
            } catch (JsonException | ClassCastException e) {
                throw new CheckpointException("The saved divergence findings are not a list of strings (" + text
                        + "); the training state is corrupt", e);
            }
            saved = new Divergence(state.getInt("epoch"), state.getInt("batch"), state.getInt("batches"),
                    state.getLong("step"), state.getString("phase"), state.getDouble("loss"), state.getString("layer"),
                    findings);
        }
        batchesPerEpoch = batches;
        divergence = saved;
    }

    @Override
    public void onBatchEnd(TrainingContext ctx, BatchRecord b) {
        batchesPerEpoch = b.batches();
        if (!Double.isFinite(b.loss()) && divergence == null) {
            int batch = b.firstNonFinite() > 0 ? b.firstNonFinite() : b.firstBatch();
            divergence = locate(ctx.model(), b.epoch(), batch, b.batches(), "training", b.loss(), Mode.TRAIN);
            ctx.requestStop(String.format(Locale.ROOT, "non-finite training loss %s at epoch %d, batch %d of %d: "
                    + "the model diverged. %s. Lower the learning rate, clip gradients (optClipGradNorm), or check "
                    + "the inputs for NaN/Inf", b.loss(), b.epoch(), batch, b.batches(), where(divergence)));
        }
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord e) {
        boolean validated = !Double.isNaN(e.valLoss()) || !Double.isNaN(e.valAccuracy());
        if (validated && !Double.isFinite(e.valLoss()) && divergence == null) {
            divergence = locate(ctx.model(), e.epoch(), 0, batchesPerEpoch, "validation", e.valLoss(), Mode.EVAL);
            ctx.requestStop(String.format(Locale.ROOT, "non-finite validation loss %s after epoch %d: the model "
                    + "outputs NaN/Inf on validation data. %s. Lower the learning rate or check the validation "
                    + "inputs", e.valLoss(), e.epoch(), where(divergence)));
        }
    }

    private static String where(Divergence d) {
        String step = d.batch() > 0 ? "Step " + d.step() + " of the run" : "After epoch " + d.epoch();
        return d.layer().isEmpty() ? step + "; every parameter and buffer is still finite"
                : step + "; first non-finite values in " + d.findings().getFirst();
    }

    private Divergence locate(Layer model, int epoch, int batch, int batches, String phase, double loss, Mode mode) {
        List<String> findings = new ArrayList<>();
        String first = "";
        for (Site site : sites(model)) {
            List<String> bad = new ArrayList<>();
            for (Parameter p : site.layer().ownParameters()) {
                count(p.name(), p.value(), bad);
            }
            for (Map.Entry<String, Tensor> buffer : site.layer().ownBuffers().entrySet()) {
                count(buffer.getKey(), buffer.getValue(), bad);
            }
            if (!bad.isEmpty()) {
                first = first.isEmpty() ? site.label() : first;
                findings.add(site.label() + ": " + String.join(", ", bad));
            }
        }
        if (first.isEmpty() && probe != null) {
            Tensor x = probe;
            for (Site step : model instanceof Sequential ? steps(model) : List.of(new Site("", model))) {
                x = step.layer().forward(x, mode);
                List<String> bad = new ArrayList<>();
                count("output on the probe batch", x, bad);
                if (!bad.isEmpty()) {
                    first = step.label();
                    findings.add(step.label() + ": " + bad.getFirst());
                    break;
                }
            }
        }
        long step = batch > 0 ? (long) (epoch - 1) * batches + batch : (long) epoch * batches;
        return new Divergence(epoch, batch, batches, step, phase, loss, first, findings);
    }

    private static void count(String what, Tensor t, List<String> out) {
        float[] v = t.toArray();
        int bad = 0;
        for (float x : v) {
            bad += Float.isFinite(x) ? 0 : 1;
        }
        if (bad > 0) {
            out.add(String.format(Locale.ROOT, "%s %d of %d values", what, bad, v.length));
        }
    }

    /** A layer of the tree with its dotted path ({@code ""} for the root). */
    private record Site(String path, Layer layer) {
        String label() {
            return path.isEmpty() ? "the model (" + layer.kind() + ")" : "layer " + path + " (" + layer.kind() + ")";
        }
    }

    // every layer of the tree, depth-first, each before its children: the order of namedParameters()
    private static List<Site> sites(Layer model) {
        List<Site> out = new ArrayList<>();
        collect("", model, out);
        return out;
    }

    private static void collect(String path, Layer layer, List<Site> out) {
        out.add(new Site(path, layer));
        layer.children().forEach((name, child) -> collect(path.isEmpty() ? name : path + "." + name, child, out));
    }

    private static List<Site> steps(Layer sequential) {
        List<Site> out = new ArrayList<>();
        sequential.children().forEach((name, child) -> out.add(new Site(name, child)));
        return out;
    }
}
