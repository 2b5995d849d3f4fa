package dev.nn.cli;

import dev.nn.api.NnException;
import dev.nn.model.ModelSpec;
import dev.nn.model.OptimizerRecipe;
import dev.nn.model.TrainingRecipe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings {@code nn grid} varies, parsed from {@code --grid NAME=V1,V2,...} (a model recipe has commas of its
 * own, so models come one per {@code --grid model=...}), and the candidates they make: every combination, the
 * first-named setting varying slowest, each a {@link TrainingRecipe} that differs from the command line's only in
 * the grid's settings.
 */
final class GridAxes {
    /** The settings a grid can vary, in the order they are applied to a recipe. */
    static final List<String> NAMES = List.of("model", "norm", "dropout", "init", "optimizer", "lr", "weight-decay",
            "batch", "epochs");

    private final Map<String, List<String>> axes;

    private GridAxes(Map<String, List<String>> axes) {
        this.axes = axes;
    }

    /**
     * Parses the {@code --grid} options.
     *
     * @param entries each {@code NAME=VALUES} as given
     * @return the axes in the order their names first appear
     * @throws NnException naming the entry, what is wrong and the valid names
     */
    static GridAxes parse(List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            throw new NnException("nn grid needs at least one --grid NAME=V1,V2,... (e.g. --grid lr=0.001,0.01); "
                    + "names: " + String.join(", ", NAMES));
        }
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry.strip() : entry.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (eq < 0 || !NAMES.contains(name)) {
                throw new NnException("--grid " + entry + ": expected NAME=V1,V2,... with NAME one of "
                        + String.join(", ", NAMES));
            }
            String text = entry.substring(eq + 1).strip();
            List<String> values = name.equals("model") ? List.of(text) : List.of(text.split(",", -1));
            for (String v : values) {
                if (v.isBlank()) {
                    throw new NnException("--grid " + entry + " has an empty value; give values separated by "
                            + "commas" + (name.equals("model") ? "" : ", e.g. " + name + "=A,B"));
                }
            }
            axes.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values.stream().map(String::strip).toList());
        }
        return new GridAxes(axes);
    }

    /** {@return the varied settings' names, in the order given} */
    List<String> names() {
        return List.copyOf(axes.keySet());
    }

    /** {@return every combination of the values, the first-named setting varying slowest} */
    List<Map<String, String>> combinations() {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String value : axis.getValue()) {
                    Map<String, String> c = new LinkedHashMap<>(partial);
                    c.put(axis.getKey(), value);
                    next.add(c);
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * {@return the base recipe with one combination's settings}
     *
     * @param base the command line's recipe
     * @param commandLineRate the command line's {@code --lr}, or null for each optimizer's usual rate
     * @param settings one combination
     * @throws NnException naming the setting whose value is not valid
     */
    static TrainingRecipe apply(TrainingRecipe base, Double commandLineRate, Map<String, String> settings) {
        ModelSpec spec = base.spec();
        String init = base.init();
        OptimizerRecipe opt = base.optimizer();
        String kind = opt.kind();
        Double lr = commandLineRate;
        double weightDecay = opt.weightDecay();
        int batch = base.batchSize();
        int epochs = base.epochs();
        for (String name : NAMES) {
            String v = settings.get(name);
            if (v == null) {
                continue;
            }
            try {
                switch (name) {
                    case "model" -> spec = ModelSpec.parse(v);
                    case "norm" -> spec = spec.withNorm(v);
                    case "dropout" -> spec = spec.withDropout(number(v));
                    case "init" -> init = v;
                    case "optimizer" -> kind = OptimizerRecipe.kind(v);
                    case "lr" -> lr = number(v);
                    case "weight-decay" -> weightDecay = number(v);
                    case "batch" -> batch = count(v);
                    case "epochs" -> epochs = count(v);
                    default -> throw new IllegalStateException("no rule for grid setting " + name);
                }
            } catch (NnException e) {
                throw new NnException("--grid " + name + "=" + v + ": " + e.getMessage(), e);
            }
        }
        OptimizerRecipe optimizer;
        try {
            optimizer = OptimizerRecipe.of(kind, lr, weightDecay);
        } catch (NnException e) {
            throw new NnException("--grid " + settings + ": " + e.getMessage(), e);
        }
        return new TrainingRecipe(spec.toString(), init, optimizer, epochs, batch, base.standardize(),
                base.patience(), base.backend(), base.threads());
    }

    private static double number(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new NnException("'" + v + "' is not a number");
        }
    }

    private static int count(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new NnException("'" + v + "' is not a whole number");
        }
    }
}
