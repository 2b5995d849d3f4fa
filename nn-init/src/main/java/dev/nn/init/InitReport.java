package dev.nn.init;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.random.RandomGenerator;

/**
 * What a freshly initialized model does to a probe batch: it pushes the batch through the model's direct children
 * in order (a Sequential's layers), then a random N(0, 1) gradient back through them in reverse, and reports per
 * layer the fans, gain, the weight std the initializer drew (when the {@link ModelInitializer.Outcome} is given),
 * the measured weight std and the one that keeps the activation variance ({@code gain / sqrt(fan_in)}),
 * activation mean/std, saturated tanh/sigmoid inputs, dead ReLUs and the backward gradient std. It flags, in words, activations or gradients that vanish (below
 * {@value #VANISHING} times their starting scale) or explode (above {@value #EXPLODING} times), naming the layer where
 * it starts, and layers whose units are all identical (symmetry). The probe runs forward and backward on the model
 * itself: the parameters' gradients are zeroed before and after.
 */
public final class InitReport {
    /** Activation or gradient std below this multiple of its starting scale is vanishing. */
    public static final double VANISHING = 0.1;
    /** Activation or gradient std above this multiple of its starting scale is exploding. */
    public static final double EXPLODING = 10;
    /** Saturation (|x| > 2) or dead-unit fraction above which a layer is mentioned in the findings. */
    public static final double MOSTLY = 0.5;

    private final double inputMean;
    private final double inputStd;
    private final double outputGradStd;
    private final List<LayerStats> layers;
    private final List<String> findings;

    private InitReport(double inputMean, double inputStd, double outputGradStd, List<LayerStats> layers) {
        this.inputMean = inputMean;
        this.inputStd = inputStd;
        this.outputGradStd = outputGradStd;
        this.layers = List.copyOf(layers);
        this.findings = List.copyOf(describe());
    }

    /**
     * Probes in {@link Mode#TRAIN}, what the first training step sees (BatchNorm uses batch statistics).
     *
     * @param model a freshly initialized model, typically a Sequential
     * @param input a probe batch, e.g. standardized data
     * @param random draws the output gradient
     * @return the report
     */
    public static InitReport probe(Layer model, Tensor input, RandomGenerator random) {
        return probe(model, input, Mode.TRAIN, random, null);
    }

    /**
     * Probes in {@link Mode#TRAIN}, with the expected weight std of the initializers that ran.
     *
     * @param model a model initialized by {@link ModelInitializer#initialize}
     * @param input a probe batch, e.g. standardized data
     * @param random draws the output gradient
     * @param init what that initialization returned: which initializer drew each weight
     * @return the report
     */
    public static InitReport probe(Layer model, Tensor input, RandomGenerator random, ModelInitializer.Outcome init) {
        return probe(model, input, Mode.TRAIN, random, init);
    }

    /**
     * {@return the report, without the initializers' expected weight std}
     *
     * @param model a freshly initialized model; its direct children are the reported layers (the model itself when
     *     it has none)
     * @param input a probe batch
     * @param mode the mode of the forward pass
     * @param random draws the output gradient
     */
    public static InitReport probe(Layer model, Tensor input, Mode mode, RandomGenerator random) {
        return probe(model, input, mode, random, null);
    }

    /**
     * {@return the report}
     *
     * @param model a freshly initialized model; its direct children are the reported layers (the model itself when
     *     it has none)
     * @param input a probe batch
     * @param mode the mode of the forward pass
     * @param random draws the output gradient
     * @param init what the model's initialization returned, or null when not known (the expected weight std is then
     *     not reported)
     */
    public static InitReport probe(Layer model, Tensor input, Mode mode, RandomGenerator random,
                                   ModelInitializer.Outcome init) {
        Map<String, Layer> children = model.children().isEmpty()
                ? Map.of(model.kind(), model) : new LinkedHashMap<>(model.children());
        List<String> names = new ArrayList<>(children.keySet());
        List<Layer> steps = new ArrayList<>(children.values());
        int n = steps.size();
        float[] in = input.toArray();
        model.zeroGrad();
        Tensor[] inputs = new Tensor[n];
        float[][] outputs = new float[n][];
        Tensor x = input;
        for (int i = 0; i < n; i++) {
            inputs[i] = x;
            x = steps.get(i).forward(x, mode);
            outputs[i] = x.toArray();
        }
        float[] g = new float[x.size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) random.nextGaussian();
        }
        double outputGradStd = Moments.of(g).std();
        double[] gradStd = new double[n];
        Tensor grad = x.backend().tensor(x.shape(), g);
        for (int i = n - 1; i >= 0; i--) {
            grad = steps.get(i).backward(grad);
            gradStd[i] = Moments.of(grad.toArray()).std();
        }
        List<LayerStats> stats = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Layer layer = steps.get(i);
            String next = ParameterSite.activationAmong(steps.subList(i + 1, n));
            String prefix = model.children().isEmpty() ? "" : names.get(i) + ".";
            stats.add(layerStats(i, names.get(i), prefix, layer, next, inputs[i], outputs[i], gradStd[i], init));
        }
        model.zeroGrad();
        Moments m = Moments.of(in);
        return new InitReport(m.mean(), m.std(), outputGradStd, stats);
    }

    // nextActivation: the kind of the activation after the layer, through normalization and dropout, or ""
    private static LayerStats layerStats(int index, String name, String prefix, Layer layer, String nextActivation,
                                         Tensor input, float[] out, double gradStd, ModelInitializer.Outcome init) {
        Map.Entry<String, Parameter> weight = layer.namedParameters().entrySet().stream()
                .filter(p -> p.getValue().role() == ParameterRole.WEIGHT && p.getValue().value().shape().rank() >= 2)
                .findFirst().orElse(null);
        Fans fans = null;
        double gain = Double.NaN;
        double expected = Double.NaN;
        double measured = Double.NaN;
        double keeping = Double.NaN;
        double weightGradStd = Double.NaN;
        if (weight != null) {
            Tensor w = weight.getValue().value();
            fans = Fans.of(w.shape());
            gain = Gain.of(Gain.nonlinearityOf(nextActivation).orElse("linear"));
            keeping = gain / Math.sqrt(fans.fanIn());
            expected = init == null ? Double.NaN
                    : init.expectedStd(prefix + weight.getKey()).orElse(Double.NaN);
            measured = Moments.of(w.toArray()).std();
            weightGradStd = Moments.of(weight.getValue().grad().toArray()).std();
        }
        String nonlinearity = Gain.nonlinearityOf(layer.kind()).orElse("");
        double saturated = Double.NaN;
        if (nonlinearity.equals("tanh") || nonlinearity.equals("sigmoid")) {
            saturated = fraction(input.toArray(), v -> Math.abs(v) > 2);
        }
        int batch = input.shape().rank() == 0 ? 1 : Math.max(1, input.shape().dim(0));
        int units = out.length / batch;
        double dead = nonlinearity.equals("relu") ? deadUnits(out, batch, units) : Double.NaN;
        Moments m = Moments.of(out);
        return new LayerStats(index, name, layer.kind(), fans, gain, expected, measured, keeping, m.mean(), m.std(),
                saturated, dead, units > 1 && identicalUnits(out, batch, units), gradStd, weightGradStd);
    }

    /** {@return the std of the probe batch: the scale activations are compared with} */
    public double inputStd() {
        return inputStd;
    }

    /** {@return the mean of the probe batch} */
    public double inputMean() {
        return inputMean;
    }

    /** {@return the std of the random gradient fed to the output: the scale gradients are compared with} */
    public double outputGradStd() {
        return outputGradStd;
    }

    /** {@return one line per layer, in forward order} */
    public List<LayerStats> layers() {
        return layers;
    }

    /** {@return the problems found, in words; a single "healthy" sentence when there are none} */
    public List<String> findings() {
        return findings;
    }

    /** {@return whether anything was flagged} */
    public boolean healthy() {
        return layers.isEmpty() || findings.size() == 1 && findings.getFirst().contains("(healthy)");
    }

    private List<String> describe() {
        List<String> out = new ArrayList<>();
        if (layers.isEmpty()) {
            return out;
        }
        layers.stream().filter(LayerStats::identicalUnits).findFirst().ifPresent(l -> out.add(
                "all units of " + l.label() + " are identical (symmetry): every unit computes the same output and"
                        + " gets the same gradient"));
        double[] act = layers.stream().mapToDouble(LayerStats::activationStd).toArray();
        drift(out, act, inputStd, false);
        double[] grad = layers.stream().mapToDouble(LayerStats::gradStd).toArray();
        drift(out, grad, outputGradStd, true);
        mostly(out, LayerStats::saturatedFraction, "of the inputs of", "are saturated (|x| > 2), where the gradient of"
                + " tanh/sigmoid is nearly zero");
        mostly(out, LayerStats::deadFraction, "of the units of", "are dead (zero for the whole probe batch)");
        if (out.isEmpty()) {
            out.add(String.format(Locale.ROOT, "activation std stays within %s..%s times the input's and gradient"
                            + " std within %s..%s times the output gradient's over %d layers (healthy)",
                    number(min(act) / inputStd), number(max(act) / inputStd),
                    number(min(grad) / outputGradStd), number(max(grad) / outputGradStd), layers.size()));
        }
        return out;
    }

    // forward: layers in order from the input; backward: from the output towards the input
    private void drift(List<String> out, double[] std, double scale, boolean backward) {
        int n = std.length;
        for (boolean vanishing : new boolean[] {true, false}) {
            double limit = (vanishing ? VANISHING : EXPLODING) * scale;
            int start = -1;
            for (int k = 0; k < n && start < 0; k++) {
                int i = backward ? n - 1 - k : k;
                if (vanishing ? std[i] < limit : std[i] > limit) {
                    start = i;
                }
            }
            if (start < 0) {
                continue;
            }
            int end = backward ? 0 : n - 1;
            boolean endOut = vanishing ? std[end] < limit : std[end] > limit;
            if (!endOut) {  // it recovered: report the extreme instead of the end
                end = start;
                for (int i = 0; i < n; i++) {
                    if (vanishing ? std[i] < std[end] : std[i] > std[end]) {
                        end = i;
                    }
                }
            }
            String what = backward ? "gradient std" : "activation std";
            String verb = vanishing ? (backward ? "shrinks" : "collapses") : (backward ? "grows" : "explodes");
            String from = backward ? " at the output" : "";
            String by = backward ? " at " : " by ";
            out.add(what + " " + verb + " from " + number(scale) + from + " to " + number(std[end]) + by
                    + layers.get(end).label() + " (" + (vanishing ? "vanishing" : "exploding") + ", starts at "
                    + layers.get(start).label() + ")");
        }
    }

    private void mostly(List<String> out, java.util.function.ToDoubleFunction<LayerStats> f, String of, String are) {
        List<LayerStats> hit = layers.stream().filter(l -> f.applyAsDouble(l) > MOSTLY).toList();
        if (!hit.isEmpty()) {
            LayerStats first = hit.getFirst();
            out.add(String.format(Locale.ROOT, "%.0f%% %s %s %s%s", 100 * f.applyAsDouble(first), of, first.label(),
                    are, hit.size() > 1 ? " (and in " + (hit.size() - 1) + " later layers)" : ""));
        }
    }

    /** {@return a readable table, one row per layer, followed by the findings} */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "input mean %s std %s; output gradient std %s%n", number(inputMean),
                number(inputStd), number(outputGradStd)));
        String row = "%-6s %-10s %8s %8s %6s %10s %10s %10s %10s %10s %6s %6s %10s%n";
        sb.append(String.format(Locale.ROOT, row, "layer", "kind", "fan_in", "fan_out", "gain", "w_std_exp", "w_std",
                "w_std_keep", "act_mean", "act_std", "sat", "dead", "grad_std"));
        for (LayerStats l : layers) {
            sb.append(String.format(Locale.ROOT, row, l.name(), l.kind(), l.fans() == null ? "-" : l.fans().fanIn(),
                    l.fans() == null ? "-" : l.fans().fanOut(), number(l.gain()), number(l.expectedWeightStd()),
                    number(l.measuredWeightStd()), number(l.varianceKeepingStd()), number(l.activationMean()),
                    number(l.activationStd()), number(l.saturatedFraction()), number(l.deadFraction()),
                    number(l.gradStd())));
        }
        if (layers.stream().anyMatch(l -> l.fans() != null)) {
            sb.append("(w_std_exp: the std the initializer draws, - when not known; w_std: measured; w_std_keep: "
                    + "gain/sqrt(fan_in), which keeps the activation variance)").append(System.lineSeparator());
        }
        findings.forEach(f -> sb.append("- ").append(f).append(System.lineSeparator()));
        return sb.toString();
    }

    private static final String[] COLUMNS = {"index", "name", "kind", "fan_in", "fan_out", "gain",
        "expected_weight_std", "measured_weight_std", "variance_keeping_weight_std", "activation_mean",
        "activation_std", "saturated_fraction", "dead_fraction", "identical_units", "grad_std", "weight_grad_std"};

    /** {@return one header line and one line per layer; values that do not apply are empty} */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (LayerStats l : layers) {
            List<String> cells = cells(l, false);
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    /**
     * {@return {@code {"input_mean", "input_std", "output_grad_std", "layers": [{column: value}], "findings": [...]}};
     * values that do not apply are {@code null}}
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"input_mean\":").append(json(inputMean))
                .append(",\"input_std\":").append(json(inputStd))
                .append(",\"output_grad_std\":").append(json(outputGradStd))
                .append(",\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            List<String> cells = cells(layers.get(i), true);
            sb.append(i == 0 ? "{" : ",{");
            for (int c = 0; c < COLUMNS.length; c++) {
                sb.append(c == 0 ? "" : ",").append(quote(COLUMNS[c])).append(':').append(cells.get(c));
            }
            sb.append('}');
        }
        sb.append("],\"findings\":[");
        for (int i = 0; i < findings.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(quote(findings.get(i)));
        }
        return sb.append("]}").toString();
    }

    private static List<String> cells(LayerStats l, boolean json) {
        String none = json ? "null" : "";
        return List.of(Integer.toString(l.index()), json ? quote(l.name()) : csv(l.name()),
                json ? quote(l.kind()) : csv(l.kind()),
                l.fans() == null ? none : Integer.toString(l.fans().fanIn()),
                l.fans() == null ? none : Integer.toString(l.fans().fanOut()),
                value(l.gain(), none), value(l.expectedWeightStd(), none), value(l.measuredWeightStd(), none),
                value(l.varianceKeepingStd(), none), value(l.activationMean(), none), value(l.activationStd(), none),
                value(l.saturatedFraction(), none), value(l.deadFraction(), none),
                Boolean.toString(l.identicalUnits()), value(l.gradStd(), none), value(l.weightGradStd(), none));
    }

    private static String value(double v, String none) {
        return Double.isFinite(v) ? Double.toString(v) : none;
    }

    private static String json(double v) {
        return value(v, "null");
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c < 0x20 ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }

    // 2 decimals for ordinary magnitudes, 2 significant digits for small ones, scientific beyond
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 0.1 && a < 1e5) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (a >= 1e-5 && a < 0.1) {
            return BigDecimal.valueOf(v).round(new MathContext(2)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.1e", v);
    }

    private static double fraction(float[] v, DoublePredicate p) {
        int hits = 0;
        for (float x : v) {
            if (p.test(x)) {
                hits++;
            }
        }
        return v.length == 0 ? Double.NaN : (double) hits / v.length;
    }

    private static double deadUnits(float[] out, int batch, int units) {
        int dead = 0;
        for (int u = 0; u < units; u++) {
            boolean alive = false;
            for (int b = 0; b < batch && !alive; b++) {
                alive = out[b * units + u] != 0;
            }
            dead += alive ? 0 : 1;
        }
        return units == 0 ? Double.NaN : (double) dead / units;
    }

    private static boolean identicalUnits(float[] out, int batch, int units) {
        for (int b = 0; b < batch; b++) {
            for (int u = 1; u < units; u++) {
                if (out[b * units + u] != out[b * units]) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }

    /** Mean and population std of float values, accumulated in double (two passes). */
    record Moments(double mean, double std) {
        static Moments of(float[] v) {
            if (v.length == 0) {
                return new Moments(Double.NaN, Double.NaN);
            }
            double sum = 0;
            for (float x : v) {
                sum += x;
            }
            double mean = sum / v.length;
            double sq = 0;
            for (float x : v) {
                sq += (x - mean) * (x - mean);
            }
            return new Moments(mean, Math.sqrt(sq / v.length));
        }
    }
}
