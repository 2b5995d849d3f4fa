package dev.nn.conformance.ops;

import dev.nn.api.backend.Backend;
import dev.nn.api.tensor.Shape;
import dev.nn.conformance.CaseResult;
import dev.nn.conformance.Fields;
import dev.nn.conformance.GoldenFile;
import dev.nn.conformance.GoldenFormatException;
import dev.nn.conformance.GoldenOp;
import dev.nn.conformance.Tolerance;
import dev.nn.conformance.Verdict;
import dev.nn.init.FanMode;
import dev.nn.init.Fans;
import dev.nn.init.Gain;
import dev.nn.init.InitException;
import dev.nn.init.Scales;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code init_facts}: PyTorch's {@code calculate_gain} (values and errors), {@code _calculate_fan_in_and_fan_out}
 * (values and the rank error), the Xavier and Kaiming bounds/stds, the {@code nn.Linear}/{@code nn.Conv*} default
 * init bounds and the worked MLP example, checked against nn-init's {@code Gain}, {@code Fans} and {@code Scales} at
 * the file's tolerance (integers exactly). One result per fact, e.g. {@code init_facts/gain[leaky_relu,0.2]}. The
 * backend plays no part: these are facts about formulas.
 */
public final class InitFactsOp implements GoldenOp {
    private static final Pattern GAIN_CALL = Pattern.compile("calculate_gain\\('([^']*)',\\s*(.*)\\)\\s*$");
    private static final Pattern EMPTY_CALL = Pattern.compile("torch\\.empty\\(([0-9,\\s]*)\\)");

    /** Stateless. */
    public InitFactsOp() {
    }

    @Override
    public Set<String> ops() {
        return Set.of("init_facts");
    }

    @Override
    public List<CaseResult> run(GoldenFile file, Backend backend) {
        Map<String, Object> root = file.root();
        Tolerance tol = file.tolerance("facts");
        String id = file.caseId();
        List<CaseResult> out = new ArrayList<>();
        for (Map<String, Object> f : Fields.objects(root, "calculate_gain", file.where("calculate_gain"))) {
            String nl = Fields.string(f, "nonlinearity", file.where("calculate_gain.nonlinearity"));
            Object param = f.get("param");
            out.add(check(id + "/gain[" + nl + (param == null ? "" : "," + param) + "]", v -> v.compare("gain",
                    Fields.number(f, "value", file.where("calculate_gain.value")), Gain.of(nl, param), tol)));
        }
        String errors = "calculate_gain_errors";
        for (Map<String, Object> f : Fields.objects(root, errors, file.where(errors))) {
            String call = Fields.string(f, "call", file.where("calculate_gain_errors.call"));
            Matcher m = GAIN_CALL.matcher(call);
            if (!m.find()) {
                throw new GoldenFormatException(file.where("calculate_gain_errors.call") + " is '" + call
                        + "'; expected torch.nn.init.calculate_gain('<name>', <param>)");
            }
            String message = Fields.string(f, "message", file.where("calculate_gain_errors.message"));
            out.add(check(id + "/gain_error[" + m.group(1) + "," + m.group(2) + "]",
                    v -> expectError(v, message, () -> Gain.of(m.group(1), pythonLiteral(m.group(2))))));
        }
        for (Map<String, Object> f : Fields.objects(root, "fan_in_and_fan_out", file.where("fan_in_and_fan_out"))) {
            int[] shape = Fields.ints(f, "shape", file.where("fan_in_and_fan_out.shape"));
            out.add(check(id + "/fans[" + dims(shape) + "]", v -> {
                Fans fans = Fans.of(shape);
                v.compare("fan_in", Fields.number(f, "fan_in", file.where("fan_in")), fans.fanIn(), Tolerance.EXACT);
                v.compare("fan_out", Fields.number(f, "fan_out", file.where("fan_out")), fans.fanOut(),
                        Tolerance.EXACT);
                v.compare("receptive_field_size", Fields.number(f, "receptive_field_size",
                        file.where("receptive_field_size")), fans.receptiveFieldSize(), Tolerance.EXACT);
            }));
        }
        Map<String, Object> fanError = Fields.object(root, "fan_error", file.where("fan_error"));
        String call = Fields.string(fanError, "call", file.where("fan_error.call"));
        Matcher empty = EMPTY_CALL.matcher(call);
        if (!empty.find()) {
            throw new GoldenFormatException(file.where("fan_error.call") + " is '" + call
                    + "'; expected a call on torch.empty(<dims>)");
        }
        int[] errorShape = Arrays.stream(empty.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        String fanMessage = Fields.string(fanError, "message", file.where("fan_error.message"));
        out.add(check(id + "/fan_error[" + dims(errorShape) + "]",
                v -> expectError(v, fanMessage, () -> Fans.of(Shape.of(errorShape)))));
        for (Map<String, Object> f : Fields.objects(root, "xavier", file.where("xavier"))) {
            out.add(xavier(id, f, file, tol));
        }
        for (Map<String, Object> f : Fields.objects(root, "kaiming", file.where("kaiming"))) {
            out.add(kaiming(id, f, file, tol));
        }
        for (Map<String, Object> f : Fields.objects(root, "default_layer_init", file.where("default_layer_init"))) {
            String layer = Fields.string(f, "layer", file.where("default_layer_init.layer"));
            int[] shape = Fields.ints(f, "weight_shape", file.where("default_layer_init.weight_shape"));
            out.add(check(id + "/default_layer_init[" + layer + "]", v -> {
                Fans fans = Fans.of(shape);
                v.compare("fan_in", Fields.number(f, "fan_in", file.where("default_layer_init.fan_in")),
                        fans.fanIn(), Tolerance.EXACT);
                // nn.Linear / nn.Conv*: kaiming_uniform_(weight, a=sqrt(5)), bias U(-1/sqrt(fan_in), 1/sqrt(fan_in))
                double weightBound = Scales.kaimingBound(fans, FanMode.FAN_IN, Gain.of("leaky_relu", Math.sqrt(5)));
                v.compare("weight_uniform_bound", Fields.number(f, "weight_uniform_bound",
                        file.where("default_layer_init.weight_uniform_bound")), weightBound, tol);
                v.compare("bias_uniform_bound", Fields.number(f, "bias_uniform_bound",
                        file.where("default_layer_init.bias_uniform_bound")), Scales.defaultBiasBound(fans), tol);
            }));
        }
        Map<String, Object> mlp = Fields.object(root, "mlp_xavier_uniform_example",
                file.where("mlp_xavier_uniform_example"));
        for (Map<String, Object> f : Fields.objects(mlp, "layers", file.where("mlp_xavier_uniform_example.layers"))) {
            String layer = Fields.string(f, "layer", file.where("mlp_xavier_uniform_example.layers.layer"));
            int[] shape = Fields.ints(f, "weight_shape", file.where("mlp_xavier_uniform_example.layers.weight_shape"));
            out.add(check(id + "/mlp_xavier_uniform_example[" + layer + "]", v -> v.compare("xavier_uniform_bound",
                    Fields.number(f, "xavier_uniform_bound", file.where("mlp_xavier_uniform_example.layers.bound")),
                    Scales.xavierBound(Fans.of(shape), 1), tol)));
        }
        return out;
    }

    private static CaseResult xavier(String id, Map<String, Object> f, GoldenFile file, Tolerance tol) {
        int[] shape = Fields.ints(f, "shape", file.where("xavier.shape"));
        List<Object> gainFrom = Fields.list(f, "gain_from", file.where("xavier.gain_from"));
        if (gainFrom.isEmpty() || !(gainFrom.getFirst() instanceof String nl)) {
            throw new GoldenFormatException(file.where("xavier.gain_from") + " must be [\"<nonlinearity>\", param]");
        }
        Object param = gainFrom.size() > 1 ? gainFrom.get(1) : null;
        return check(id + "/xavier[" + dims(shape) + ";" + nl + "]", v -> {
            Fans fans = Fans.of(shape);
            double gain = Gain.of(nl, param);
            v.compare("fan_in", Fields.number(f, "fan_in", file.where("xavier.fan_in")), fans.fanIn(),
                    Tolerance.EXACT);
            v.compare("fan_out", Fields.number(f, "fan_out", file.where("xavier.fan_out")), fans.fanOut(),
                    Tolerance.EXACT);
            v.compare("gain", Fields.number(f, "gain", file.where("xavier.gain")), gain, tol);
            v.compare("uniform_bound", Fields.number(f, "uniform_bound", file.where("xavier.uniform_bound")),
                    Scales.xavierBound(fans, gain), tol);
            v.compare("normal_std", Fields.number(f, "normal_std", file.where("xavier.normal_std")),
                    Scales.xavierStd(fans, gain), tol);
        });
    }

    private static CaseResult kaiming(String id, Map<String, Object> f, GoldenFile file, Tolerance tol) {
        int[] shape = Fields.ints(f, "shape", file.where("kaiming.shape"));
        String modeName = Fields.string(f, "mode", file.where("kaiming.mode"));
        String nl = Fields.string(f, "nonlinearity", file.where("kaiming.nonlinearity"));
        double a = Fields.number(f, "a", file.where("kaiming.a"));
        return check(id + "/kaiming[" + dims(shape) + ";" + modeName + ";" + nl + ";a=" + f.get("a") + "]", v -> {
            Fans fans = Fans.of(shape);
            FanMode mode = FanMode.kaiming(modeName);
            double gain = Gain.of(nl, a);
            v.compare("fan", Fields.number(f, "fan", file.where("kaiming.fan")), fans.fan(mode), Tolerance.EXACT);
            v.compare("gain", Fields.number(f, "gain", file.where("kaiming.gain")), gain, tol);
            v.compare("uniform_bound", Fields.number(f, "uniform_bound", file.where("kaiming.uniform_bound")),
                    Scales.kaimingBound(fans, mode, gain), tol);
            v.compare("normal_std", Fields.number(f, "normal_std", file.where("kaiming.normal_std")),
                    Scales.kaimingStd(fans, mode, gain), tol);
        });
    }

    // a fact whose computation throws is a FAIL with the error, never an aborted file
    private static CaseResult check(String caseId, Consumer<Verdict> body) {
        Verdict v = new Verdict(caseId);
        try {
            body.accept(v);
        } catch (RuntimeException e) {
            v.fail("error: " + e);
        }
        return v.result();
    }

    private static void expectError(Verdict v, String message, Runnable call) {
        try {
            call.run();
            v.fail("expected an error '" + message + "' but nothing was thrown");
        } catch (InitException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith(message)) {
                v.fail("expected a message starting with '" + message + "', got '" + e.getMessage() + "'");
            }
        }
    }

    // the argument as Python wrote it: None, True/False, a number or a quoted string
    private static Object pythonLiteral(String text) {
        String t = text.strip();
        return switch (t) {
            case "None" -> null;
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            default -> {
                boolean quoted = t.startsWith("'") && t.endsWith("'") || t.startsWith("\"") && t.endsWith("\"");
                if (t.length() >= 2 && quoted) {
                    yield t.substring(1, t.length() - 1);
                }
                try {
                    yield Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw new GoldenFormatException("cannot read the Python argument '" + text + "'");
                }
            }
        };
    }

    private static String dims(int[] shape) {
        return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
