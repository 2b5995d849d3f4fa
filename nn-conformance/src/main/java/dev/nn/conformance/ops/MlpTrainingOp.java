package dev.nn.conformance.ops;

import dev.nn.api.backend.Backend;
import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.norm.Normalizations;
import dev.nn.api.spi.Params;
import dev.nn.api.tensor.Shape;
import dev.nn.api.tensor.Tensor;
import dev.nn.conformance.CaseResult;
import dev.nn.conformance.Fields;
import dev.nn.conformance.GoldenFile;
import dev.nn.conformance.GoldenFormatException;
import dev.nn.conformance.GoldenOp;
import dev.nn.conformance.GoldenTensor;
import dev.nn.conformance.Verdict;
import dev.nn.core.layer.Linear;
import dev.nn.core.layer.Sequential;
import dev.nn.core.layer.Tanh;
import dev.nn.core.loss.CrossEntropyLoss;
import dev.nn.core.loss.Reduction;
import dev.nn.core.optim.Sgd;
import dev.nn.regularize.Dropout;
import dev.nn.regularize.NoiseSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mlp_sgd_training}: a whole PyTorch training loop against nn's real layers, loss and optimizer. The model
 * {@code Linear -> BatchNorm1d | LayerNorm -> Tanh -> Dropout -> Linear} is built from the file's {@code params.model}
 * as a {@link Sequential} named {@code fc1, norm, act, drop, fc2} (so parameter and buffer names are PyTorch's
 * {@code state_dict} keys; PyTorch's int64 buffer {@code num_batches_tracked} is a host {@link Counter} here, listed
 * among the buffers where PyTorch lists it), the norm layer through {@link Normalizations}, loaded from
 * {@code init.*}, and trained
 * for {@code steps} steps of {@code zero_grad; forward (TRAIN); CrossEntropyLoss; backward; SGD step}. Compared:
 * {@code loss} and {@code logits} of every step (before its update), {@code grad_step0.*}, {@code final.*}
 * (parameters and buffers after the last step) and {@code eval_logits}; an output of the file that is not compared
 * fails the case.
 */
public final class MlpTrainingOp implements GoldenOp {
    private static final Pattern LINEAR = Pattern.compile("Linear\\((\\d+), *(\\d+)\\)");
    private static final Pattern NORM = Pattern.compile("(BatchNorm1d|LayerNorm)\\((\\d+)\\)");
    private static final Pattern DROPOUT = Pattern.compile("Dropout\\(p=([0-9.eE+-]+)\\)");
    private static final Pattern LOSS = Pattern.compile("CrossEntropyLoss\\(reduction='(mean|sum)'\\)");
    private static final String INIT = "init.";

    /** Creates the checker. */
    public MlpTrainingOp() {
    }

    @Override
    public Set<String> ops() {
        return Set.of("mlp_sgd_training");
    }

    @Override
    public List<CaseResult> run(GoldenFile file, Backend backend) {
        Verdict verdict = new Verdict(file.caseId());
        CheckedOutputs outputs = new CheckedOutputs(file, verdict);
        Sequential model = model(file, backend);
        requireStateNames(file, model);
        load(file, model, backend);
        Sgd sgd = optimizer(file, model);
        CrossEntropyLoss loss = new CrossEntropyLoss(reduction(file), 0f);

        GoldenTensor x = file.input("x");
        GoldenTensor target = file.input("target");
        int steps = file.paramInt("steps");
        int batch = file.paramInt("batch_size");
        int features = x.shape()[x.shape().length - 1];
        requireShape(file, "x", x, steps, batch, features);
        requireShape(file, "target", target, steps, batch);
        float[] losses = new float[steps];
        List<float[]> logits = new ArrayList<>();
        int classes = 0;
        for (int s = 0; s < steps; s++) {
            sgd.zeroGrad();
            Tensor xs = backend.tensor(Shape.of(batch, features), slice(x.floats(), s, batch * features));
            Tensor out = model.forward(xs, Mode.TRAIN);
            classes = out.shape().dim(1);
            logits.add(out.toArray());
            losses[s] = loss.forward(out, backend.tensor(Shape.of(batch), slice(target.floats(), s, batch)));
            model.backward(loss.backward());
            if (s == 0) {
                model.namedParameters().forEach((name, p) ->
                        outputs.compare("grad_step0." + name, p.grad().shape(), p.grad().toArray()));
            }
            sgd.step();
        }
        outputs.compare("loss", Shape.of(steps), losses);
        outputs.compare("logits", Shape.of(steps, batch, classes), concat(logits));
        model.namedParameters().forEach((name, p) ->
                outputs.compare("final." + name, p.value().shape(), p.value().toArray()));
        model.namedBuffers().forEach((name, t) -> outputs.compare("final." + name, t.shape(), t.toArray()));
        model.namedCounters().forEach((name, c) -> outputs.compare("final." + name, c.get()));
        GoldenTensor xEval = file.input("x_eval");
        Tensor eval = model.forward(backend.tensor(xEval.toShape(), xEval.floats()), Mode.EVAL);
        outputs.compare("eval_logits", eval.shape(), eval.toArray());
        outputs.requireAllChecked();
        return List.of(verdict.result());
    }

    /** {@code params.model}: exactly Linear, a norm, Tanh, Dropout, Linear, in PyTorch's repr. */
    private static Sequential model(GoldenFile file, Backend backend) {
        List<Object> spec = Fields.list(file.params(), "model", file.where("params.model"));
        if (spec.size() != 5) {
            throw new GoldenFormatException(file.where("params.model") + " has " + spec.size() + " layers; expected "
                    + "5: Linear(a,b), BatchNorm1d(b) or LayerNorm(b), Tanh(), Dropout(p=...), Linear(b,c)");
        }
        Map<String, Layer> layers = new LinkedHashMap<>();
        layers.put("fc1", linear(file, backend, spec, 0));
        layers.put("norm", norm(file, backend, match(file, spec, 1, NORM)));
        if (!"Tanh()".equals(spec.get(2))) {
            throw badLayer(file, spec, 2, "Tanh()");
        }
        layers.put("act", new Tanh());
        double p = Double.parseDouble(match(file, spec, 3, DROPOUT).group(1));
        layers.put("drop", new Dropout(p, NoiseSource.of(file.caseId().hashCode())));
        layers.put("fc2", linear(file, backend, spec, 4));
        return new Sequential(layers);
    }

    private static Linear linear(GoldenFile file, Backend backend, List<Object> spec, int index) {
        Matcher m = match(file, spec, index, LINEAR);
        // the default initialization is overwritten by the file's init.* values
        return new Linear(backend, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                new SplittableRandom(0));
    }

    /** The norm layer through the provider SPI; {@code params.norm} must name the kind the model lists. */
    private static Layer norm(GoldenFile file, Backend backend, Matcher m) {
        int features = Integer.parseInt(m.group(2));
        String name = file.paramString("norm");
        String expected = m.group(1).equals("BatchNorm1d") ? "batch_norm" : "layer_norm";
        if (!name.equals(expected)) {
            throw new GoldenFormatException(file.where("params.norm") + " is '" + name + "' but params.model lists "
                    + m.group() + ", which is '" + expected + "'");
        }
        Params params = name.equals("batch_norm")
                ? Params.of("num_features", features, "dims", 1)
                : Params.of("normalized_shape", features);
        return Normalizations.create(name, backend, params);
    }

    private static Matcher match(GoldenFile file, List<Object> spec, int index, Pattern pattern) {
        if (spec.get(index) instanceof String s) {
            Matcher m = pattern.matcher(s);
            if (m.matches()) {
                return m;
            }
        }
        throw badLayer(file, spec, index, pattern.pattern());
    }

    private static GoldenFormatException badLayer(GoldenFile file, List<Object> spec, int index, String expected) {
        return new GoldenFormatException(file.where("params.model[" + index + "]") + " is " + spec.get(index)
                + "; expected a layer matching " + expected);
    }

    /**
     * The model's state names must be exactly the file's {@code parameter_names} and {@code buffer_names}, the latter
     * in PyTorch's {@code named_buffers()} order (see {@link #bufferNames}).
     */
    private static void requireStateNames(GoldenFile file, Layer model) {
        List<String> parameters = names(file, "parameter_names");
        List<String> buffers = names(file, "buffer_names");
        List<String> modelBuffers = bufferNames(model, "");
        if (!parameters.equals(List.copyOf(model.namedParameters().keySet())) || !buffers.equals(modelBuffers)) {
            throw new GoldenFormatException(file.where("params.parameter_names") + " " + parameters + " and "
                    + "buffer_names " + buffers + " do not match the model built from params.model, whose parameters "
                    + "are " + model.namedParameters().keySet() + " and buffers " + modelBuffers);
        }
    }

    /**
     * PyTorch's {@code named_buffers()} names: each layer's buffer tensors, then its host counters (where PyTorch
     * registers {@code num_batches_tracked}: after {@code running_var}), then its children's, depth first.
     */
    private static List<String> bufferNames(Layer layer, String prefix) {
        List<String> out = new ArrayList<>();
        layer.ownBuffers().keySet().forEach(name -> out.add(prefix + name));
        layer.ownCounters().keySet().forEach(name -> out.add(prefix + name));
        layer.children().forEach((name, child) -> out.addAll(bufferNames(child, prefix + name + ".")));
        return out;
    }

    private static List<String> names(GoldenFile file, String key) {
        return Fields.list(file.params(), key, file.where("params." + key)).stream().map(String::valueOf).toList();
    }

    /**
     * Writes {@code init.<name>} into every parameter, buffer and counter; an init entry the model lacks is an
     * error.
     */
    private static void load(GoldenFile file, Layer model, Backend backend) {
        Map<String, Parameter> parameters = model.namedParameters();
        Map<String, Tensor> buffers = model.namedBuffers();
        Map<String, Counter> counters = model.namedCounters();
        for (String name : file.inputNames()) {
            String state = name.startsWith(INIT) ? name.substring(INIT.length()) : null;
            if (state != null && !parameters.containsKey(state) && !buffers.containsKey(state)
                    && !counters.containsKey(state)) {
                throw new GoldenFormatException(file.where("inputs." + name) + " names no parameter or buffer of "
                        + "the model; it has " + parameters.keySet() + " and " + bufferNames(model, ""));
            }
        }
        parameters.forEach((name, p) -> p.set(initValues(file, name, p.value().shape())));
        buffers.forEach((name, t) -> backend.write(t, initValues(file, name, t.shape())));
        counters.forEach((name, c) -> c.set(initCount(file, name)));
    }

    /** {@code init.<name>} of a counter: an int64 scalar, as PyTorch stores {@code num_batches_tracked}. */
    private static long initCount(GoldenFile file, String name) {
        GoldenTensor t = file.input(INIT + name);
        if (!t.toShape().equals(Shape.of()) || !t.dtype().equals("int64")) {
            throw new GoldenFormatException(file.where("inputs." + INIT + name) + " is " + t.toShape() + " "
                    + t.dtype() + " but the model's " + name + " is a counter, stored as an int64 scalar []");
        }
        return t.longs()[0];
    }

    private static float[] initValues(GoldenFile file, String name, Shape shape) {
        GoldenTensor t = file.input(INIT + name);
        if (!t.toShape().equals(shape)) {
            throw new GoldenFormatException(file.where("inputs." + INIT + name) + " has shape " + t.toShape()
                    + " but the model's " + name + " has shape " + shape);
        }
        return t.floats();
    }

    private static Sgd optimizer(GoldenFile file, Layer model) {
        Map<String, Object> o = Fields.object(file.params(), "optimizer", file.where("params.optimizer"));
        String at = "params.optimizer.";
        String type = Fields.string(o, "type", file.where(at + "type"));
        if (!type.equals("SGD")) {
            throw new GoldenFormatException(file.where(at + "type") + " is '" + type + "'; expected SGD");
        }
        return new Sgd(List.copyOf(model.namedParameters().values()), Fields.number(o, "lr", file.where(at + "lr")),
                Fields.number(o, "momentum", file.where(at + "momentum")),
                Fields.number(o, "dampening", file.where(at + "dampening")),
                Fields.number(o, "weight_decay", file.where(at + "weight_decay")),
                Fields.bool(o, "nesterov", file.where(at + "nesterov")));
    }

    private static Reduction reduction(GoldenFile file) {
        String spec = file.paramString("loss");
        Matcher m = LOSS.matcher(spec);
        if (!m.matches()) {
            throw new GoldenFormatException(file.where("params.loss") + " is '" + spec
                    + "'; expected CrossEntropyLoss(reduction='mean') or CrossEntropyLoss(reduction='sum')");
        }
        return m.group(1).equals("mean") ? Reduction.MEAN : Reduction.SUM;
    }

    private static void requireShape(GoldenFile file, String input, GoldenTensor t, int... dims) {
        if (!Arrays.equals(t.shape(), dims)) {
            throw new GoldenFormatException(file.where("inputs." + input) + " has shape " + t.toShape()
                    + "; params steps and batch_size call for " + Shape.of(dims));
        }
    }

    private static float[] slice(float[] all, int step, int length) {
        return Arrays.copyOfRange(all, step * length, (step + 1) * length);
    }

    private static float[] concat(List<float[]> parts) {
        int n = parts.stream().mapToInt(a -> a.length).sum();
        float[] out = new float[n];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
