package dev.nn.norm;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The BatchNorm paper's activation histograms as data: for each probe point (a norm layer, or a plain layer, and
 * the activation that follows it) a {@link PreActivationSummary}, a {@link Histogram} of the values entering the
 * activation and, for a BatchNorm, the {@link StatisticsDrift} of its batch against its running statistics.
 * Exported as CSV (one row per probe, another table for histograms) or JSON text.
 *
 * <pre>{@code
 * ActivationReport report = new ActivationReport(40, -4, 4);
 * report.add("bn3", "tanh", bn3Output, bn3);   // values entering tanh, after BatchNorm bn3
 * Files.writeString(path, report.toJson());
 * }</pre>
 */
public final class ActivationReport {
    /** Layer kinds {@link #trace} treats as activations (nn-core's pointwise activations, by {@link Layer#kind()}). */
    public static final Set<String> ACTIVATION_KINDS = Set.of("Tanh", "Sigmoid", "ReLU", "LeakyReLU", "GELU", "SELU");

    private final int bins;
    private final double lo;
    private final double hi;
    private final List<Entry> entries = new ArrayList<>();

    /**
     * One probe point.
     *
     * @param layer the layer whose output enters the activation, e.g. {@code bn3} or {@code linear3}
     * @param activation the activation, e.g. {@code tanh}
     * @param summary the values' summary
     * @param histogram the values' histogram
     * @param drift batch vs running statistics, for a BatchNorm that has both
     */
    public record Entry(String layer, String activation, PreActivationSummary summary, Histogram histogram,
                        Optional<StatisticsDrift> drift) {
    }

    /** A report with 40 bins over [-4, 4) (tanh/sigmoid saturate beyond |x| = 2). */
    public ActivationReport() {
        this(40, -4, 4);
    }

    /**
     * An empty report whose histograms share {@code bins} bins over {@code [lo, hi]}.
     *
     * @param bins histogram bins
     * @param lo lower edge of the histograms
     * @param hi upper edge of the histograms
     */
    public ActivationReport(int bins, double lo, double hi) {
        if (bins <= 0 || !(lo < hi)) {
            throw new IllegalArgumentException("An activation report needs bins > 0 and lo < hi, got bins=" + bins
                    + ", range=[" + lo + ", " + hi + ")");
        }
        this.bins = bins;
        this.lo = lo;
        this.hi = hi;
    }

    /**
     * Records the values entering an activation.
     *
     * @param layer name of the layer that produced them
     * @param activation name of the activation they enter
     * @param preActivation the layer's output
     * @param norm the BatchNorm that produced them (for the drift), or null
     * @return the entry added
     */
    public Entry add(String layer, String activation, Tensor preActivation, BatchNorm norm) {
        return add(layer, activation, preActivation.toArray(),
                norm == null ? Optional.empty() : StatisticsDrift.of(norm));
    }

    /**
     * {@return the entry added}
     *
     * @param layer name of the layer that produced the values
     * @param activation name of the activation they enter
     * @param values the values
     * @param drift the drift, if known
     */
    public Entry add(String layer, String activation, float[] values, Optional<StatisticsDrift> drift) {
        Entry e = new Entry(layer, activation, PreActivationSummary.of(values), Histogram.of(values, bins, lo, hi),
                drift);
        entries.add(e);
        return e;
    }

    /**
     * Runs layers in order, as a sequential container does (e.g. the {@code children()} of nn-core's
     * {@code Sequential}), and records the input of every activation ({@link #ACTIVATION_KINDS}) under the name of
     * the layer before it, with that layer's drift when it is a {@link BatchNorm}.
     *
     * @param layers the layers by name, in execution order
     * @param x the input batch
     * @param mode train or eval, passed to every layer
     * @return the output of the last layer
     */
    public Tensor trace(Map<String, ? extends Layer> layers, Tensor x, Mode mode) {
        Tensor h = x;
        String previousName = "input";
        Layer previous = null;
        for (Map.Entry<String, ? extends Layer> e : layers.entrySet()) {
            Layer layer = e.getValue();
            if (ACTIVATION_KINDS.contains(layer.kind())) {
                add(previousName, e.getKey(), h, previous instanceof BatchNorm bn ? bn : null);
            }
            h = layer.forward(h, mode);
            previousName = e.getKey();
            previous = layer;
        }
        return h;
    }

    /** {@return the entries in the order added} */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** {@return one CSV row per probe point with the summary and drift columns (empty drift cells when none)} */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("layer,activation,count,mean,std,min,max,saturated_fraction,"
                + "dead_relu_fraction,drift_mean_shift,drift_max_mean_shift,drift_mean_abs_log_var_ratio,"
                + "drift_max_abs_log_var_ratio\n");
        for (Entry e : entries) {
            PreActivationSummary s = e.summary();
            sb.append(csv(e.layer())).append(',').append(csv(e.activation())).append(',').append(s.count());
            for (double v : new double[] {s.mean(), s.std(), s.min(), s.max(), s.saturatedFraction(),
                    s.deadReluFraction()}) {
                sb.append(',').append(num(v));
            }
            if (e.drift().isPresent()) {
                StatisticsDrift d = e.drift().get();
                sb.append(',').append(num(d.meanShift())).append(',').append(num(d.maxMeanShift())).append(',')
                        .append(num(d.meanAbsLogVarRatio())).append(',').append(num(d.maxAbsLogVarRatio()));
            } else {
                sb.append(",,,,");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** {@return the histograms as CSV: {@code layer,activation,bin_lo,bin_hi,count}, plus below/above rows} */
    public String histogramsCsv() {
        StringBuilder sb = new StringBuilder("layer,activation,bin_lo,bin_hi,count\n");
        for (Entry e : entries) {
            Histogram h = e.histogram();
            String prefix = csv(e.layer()) + "," + csv(e.activation()) + ",";
            sb.append(prefix).append("-Infinity,").append(num(h.lo())).append(',').append(h.below()).append('\n');
            long[] counts = h.counts();
            for (int i = 0; i < counts.length; i++) {
                sb.append(prefix).append(num(h.binLo(i))).append(',').append(num(h.binLo(i + 1))).append(',')
                        .append(counts[i]).append('\n');
            }
            sb.append(prefix).append(num(h.hi())).append(",Infinity,").append(h.above()).append('\n');
        }
        return sb.toString();
    }

    /** {@return the whole report as a JSON document} */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"saturation_threshold\": ").append(num(PreActivationSummary.SATURATION))
                .append(", \"entries\": [");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            PreActivationSummary s = e.summary();
            Histogram h = e.histogram();
            sb.append(i == 0 ? "\n  " : ",\n  ").append("{\"layer\": ").append(json(e.layer()))
                    .append(", \"activation\": ").append(json(e.activation()))
                    .append(", \"count\": ").append(s.count())
                    .append(", \"mean\": ").append(jsonNum(s.mean()))
                    .append(", \"std\": ").append(jsonNum(s.std()))
                    .append(", \"min\": ").append(jsonNum(s.min()))
                    .append(", \"max\": ").append(jsonNum(s.max()))
                    .append(", \"saturated_fraction\": ").append(jsonNum(s.saturatedFraction()))
                    .append(", \"dead_relu_fraction\": ").append(jsonNum(s.deadReluFraction()))
                    .append(", \"histogram\": {\"lo\": ").append(jsonNum(h.lo())).append(", \"hi\": ")
                    .append(jsonNum(h.hi())).append(", \"below\": ").append(h.below()).append(", \"above\": ")
                    .append(h.above()).append(", \"counts\": [");
            long[] counts = h.counts();
            for (int b = 0; b < counts.length; b++) {
                sb.append(b == 0 ? "" : ", ").append(counts[b]);
            }
            sb.append("]}");
            if (e.drift().isPresent()) {
                StatisticsDrift d = e.drift().get();
                sb.append(", \"drift\": {\"mean_shift\": ").append(jsonNum(d.meanShift()))
                        .append(", \"max_mean_shift\": ").append(jsonNum(d.maxMeanShift()))
                        .append(", \"mean_abs_log_var_ratio\": ").append(jsonNum(d.meanAbsLogVarRatio()))
                        .append(", \"max_abs_log_var_ratio\": ").append(jsonNum(d.maxAbsLogVarRatio())).append('}');
            } else {
                sb.append(", \"drift\": null");
            }
            sb.append('}');
        }
        return sb.append(entries.isEmpty() ? "]}\n" : "\n]}\n").toString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String jsonNum(double v) {
        return Double.isFinite(v) ? num(v) : "\"" + v + "\"";
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
