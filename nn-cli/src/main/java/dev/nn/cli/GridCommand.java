package dev.nn.cli;

import dev.nn.api.NnException;
import dev.nn.cli.data.DataSource;
import dev.nn.cli.report.ReportFolder;
import dev.nn.cli.report.ReportWriter;
import dev.nn.core.data.Dataset;
import dev.nn.core.json.Json;
import dev.nn.core.train.TextTable;
import dev.nn.model.TrainingRecipe;
import dev.nn.validate.Estimate;
import dev.nn.validate.FitHistory;
import dev.nn.validate.GridSearch;
import dev.nn.validate.Samples;
import dev.nn.validate.Splitter;
import dev.nn.validate.trial.TrialListener;
import dev.nn.validate.trial.TrialRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nn grid}: scikit-learn's {@code GridSearchCV} for the options of {@code nn train}. Every combination of the
 * {@code --grid} values is cross-validated on the same folds with the same fold seeds; the table ranks them by mean
 * validation score. All (candidate, fold) fits are trials of one job on the runner {@code --runner} chooses, so a
 * grid can run on a cluster exactly as it runs here.
 */
@Command(name = "grid", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Grid search: cross-validate every combination of --grid values and rank them.")
final class GridCommand implements Callable<Integer> {
    private static final String VAL_ACCURACY = "val_accuracy";

    @Spec
    private CommandSpec spec;

    @Mixin
    private TrainingOptions options;

    @Option(names = "--grid", paramLabel = "NAME=V1,V2", required = true,
            description = "a setting and the values to try: " + "model (one recipe per --grid), norm, dropout, init, "
                    + "optimizer, lr, weight-decay, batch, epochs; repeatable, e.g. --grid lr=0.001,0.01 "
                    + "--grid model=mlp:64 --grid model=mlp:256,128")
    private List<String> grid;

    @Option(names = "--score", defaultValue = VAL_ACCURACY,
            description = "val_accuracy (higher is better) or val_loss (lower is better) (default: ${DEFAULT-VALUE})")
    private String score;

    @Mixin
    private FoldOptions folding;

    @Mixin
    private RunnerOptions runners;

    @Mixin
    private ReportOptions output;

    @Override
    public Integer call() {
        options.validate();
        folding.validate(options, "nn grid");
        runners.validate();
        if (!score.equals(VAL_ACCURACY) && !score.equals(FitHistory.VAL_LOSS)) {
            throw new NnException("--score must be val_accuracy or val_loss, got '" + score + "'");
        }
        GridAxes axes = GridAxes.parse(grid);
        List<Map<String, String>> settings = axes.combinations();
        TrainingRecipe base = options.recipe(null, folding.patience);
        settings.forEach(s -> GridAxes.apply(base, options.lr, s));   // every candidate is valid before any runs
        Path folder = output.open("grid-").dir();
        return output.runIn(folder, f -> run(spec.commandLine().getOut(), f, axes, settings));
    }

    private int run(PrintWriter stdout, Path folder, GridAxes axes, List<Map<String, String>> settings) {
        FoldOptions.Folded folded = folding.load(options, stdout);
        String backend = folded.backend();
        String backendLine = folded.backendLine();
        DataSource source = folded.source();
        Dataset pool = folded.samples();
        int[] labels = folded.labels();
        Splitter splitter = folded.splitter();
        TrainingRecipe base = options.recipe(backend, folding.patience);
        List<TrainingRecipe> recipes = settings.stream().map(s -> GridAxes.apply(base, options.lr, s)).toList();
        int trials = recipes.size() * folding.folds;
        stdout.println(backendLine);
        stdout.printf(Locale.ROOT, "data: %s, %d samples used%ngrid: %d candidates (%s) x %s = %d trials on the %s "
                + "runner%n", source.description(), pool.size(), recipes.size(), String.join(" x ", axes.names()),
                splitter, trials, runners.name());

        var interrupt = new InterruptStop();
        long start = System.nanoTime();
        Thread hook = interrupt.install();
        try (TrialRunner runner = runners.open()) {
            GridSearch.Result<TrainingRecipe> result = GridSearch.ofWorks(recipes, TrainingRecipe::work, pool,
                            splitter, score, score.equals(VAL_ACCURACY), options.seed)
                    .optRunner(runner).optThreadsPerTrial(Math.max(1, options.threads)).optRefit(false)
                    .optListener(progress(stdout, interrupt, settings)).optStopWhen(interrupt::requested)
                    .run(Samples.labeled(labels), IntStream.range(0, pool.size()).toArray());
            double seconds = (System.nanoTime() - start) / 1e9;
            report(stdout, folder, axes, settings, result, seconds, interrupt.requested(), source);
        } finally {
            interrupt.done(hook);
        }
        stdout.flush();
        return interrupt.requested() ? TrainCommand.INTERRUPTED : 0;
    }

    /** Prints a line as each trial finishes: a long grid shows it is moving. */
    private TrialListener progress(PrintWriter stdout, InterruptStop interrupt, List<Map<String, String>> settings) {
        return (trial, done, total) -> {
            if (interrupt.requested()) {
                return;
            }
            String which = String.format(Locale.ROOT, "trial %d/%d, candidate %d (%s), fold %d/%d", done, total,
                    trial.candidate() + 1, describe(settings.get(trial.candidate())), trial.fold() + 1,
                    folding.folds);
            if (trial.failed()) {
                stdout.println(which + " failed: " + trial.error());
            } else {
                FitHistory h = trial.history();
                stdout.printf(Locale.ROOT, "%s: val_loss %.4f, val_accuracy %.4f, %.1f s%n", which,
                        h.last(FitHistory.VAL_LOSS), h.last(VAL_ACCURACY), trial.fitSeconds());
            }
            stdout.flush();
        };
    }

    private static String describe(Map<String, String> setting) {
        return setting.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** Ranks the scored candidates, best first, ties by position (scikit-learn's {@code rank_test_score}). */
    private List<Integer> ranking(List<GridSearch.Candidate<TrainingRecipe>> candidates) {
        Comparator<Integer> byScore = Comparator.comparingDouble(i -> candidates.get(i).score().mean());
        if (score.equals(VAL_ACCURACY)) {
            byScore = byScore.reversed();
        }
        return IntStream.range(0, candidates.size()).filter(i -> candidates.get(i).score() != null).boxed()
                .sorted(byScore.thenComparingInt(i -> i)).toList();
    }

    private void report(PrintWriter stdout, Path folder, GridAxes axes, List<Map<String, String>> settings,
                        GridSearch.Result<TrainingRecipe> result, double seconds, boolean interrupted,
                        DataSource source) {
        List<GridSearch.Candidate<TrainingRecipe>> candidates = result.candidates();
        List<Integer> ranked = ranking(candidates);
        int[] rank = new int[candidates.size()];
        for (int r = 0; r < ranked.size(); r++) {
            rank[ranked.get(r)] = r + 1;
        }
        List<String> header = new ArrayList<>(List.of("rank", "candidate"));
        header.addAll(axes.names());
        header.addAll(List.of("val_accuracy", "val_loss", "seconds"));
        TextTable table = TextTable.aligned(header.toArray(String[]::new));
        List<Integer> order = new ArrayList<>(ranked);
        IntStream.range(0, candidates.size()).filter(i -> !ranked.contains(i)).forEach(order::add);
        for (int i : order) {
            GridSearch.Candidate<TrainingRecipe> c = candidates.get(i);
            List<Object> row = new ArrayList<>();
            row.add(rank[i] == 0 ? "-" : rank[i]);
            row.add(i + 1);
            axes.names().forEach(n -> row.add(settings.get(i).get(n)));
            if (c.score() == null) {
                row.addAll(List.of(c.failed() ? "failed" : "unfinished", "", ""));
                table.noted(c.failed() ? "  " + c.error() : "", row.toArray());
            } else {
                row.add(spread(c.result().estimate(VAL_ACCURACY)));
                row.add(spread(c.result().estimate(FitHistory.VAL_LOSS)));
                row.add(TextTable.decimals(c.result().folds().stream().mapToDouble(f -> f.fitSeconds()).sum(), 1));
                table.row(row.toArray());
            }
        }
        StringBuilder text = new StringBuilder();
        if (interrupted) {
            text.append(String.format(Locale.ROOT, "interrupted by the user (Ctrl-C): %d of %d candidates finished "
                    + "every fold; the others are unfinished%n", ranked.size(), candidates.size()));
        }
        text.append(table);
        if (!ranked.isEmpty()) {
            int best = ranked.getFirst();
            Estimate s = candidates.get(best).score();
            text.append(String.format(Locale.ROOT, "best: candidate %d (%s): %s %s over %d folds, %.1f s in all%n",
                    best + 1, describe(settings.get(best)), score, spread(s), s.n(), seconds));
            text.append("train it: nn train").append(trainArguments(settings.get(best))).append(
                    " (with this run's other options)\n");
        }
        stdout.print(text);
        ReportWriter files = new ReportWriter(ReportFolder.create(folder));
        files.text("summary.txt", () -> "nn grid " + String.join(" ", grid.stream().map(g -> "--grid " + g)
                .toList()) + "\ndata: " + source.description() + "\noptions: " + options.describe() + "\n\n" + text);
        files.text("metrics.csv", () -> csv(axes, settings, candidates, rank));
        files.text("metrics.json", () -> Json.writePretty(json(axes, candidates, settings, rank, ranked)));
        files.written().print(stdout, folder);
    }

    private static String spread(Estimate e) {
        return e.n() < 2 ? TextTable.decimals(e.mean(), 4)
                : TextTable.decimals(e.mean(), 4) + " ± " + TextTable.decimals(e.std(), 4);
    }

    /** The best candidate's settings as {@code nn train} options, quoted where a shell would split them. */
    private static String trainArguments(Map<String, String> setting) {
        StringBuilder out = new StringBuilder();
        setting.forEach((name, value) -> out.append(" --").append(name).append(' ')
                .append(value.matches("[A-Za-z0-9_.:,+-]+") ? value : "'" + value + "'"));
        return out.toString();
    }

    private static String csv(GridAxes axes, List<Map<String, String>> settings,
                              List<GridSearch.Candidate<TrainingRecipe>> candidates, int[] rank) {
        StringBuilder csv = new StringBuilder("candidate," + String.join(",", axes.names())
                + ",rank,mean_val_accuracy,std_val_accuracy,mean_val_loss,std_val_loss,status\n");
        for (int i = 0; i < candidates.size(); i++) {
            GridSearch.Candidate<TrainingRecipe> c = candidates.get(i);
            csv.append(i + 1);
            for (String n : axes.names()) {
                csv.append(',').append(quoted(settings.get(i).get(n)));
            }
            if (c.score() == null) {
                csv.append(",,,,,,").append(c.failed() ? "failed" : "unfinished").append('\n');
            } else {
                Estimate acc = c.result().estimate(VAL_ACCURACY);
                Estimate loss = c.result().estimate(FitHistory.VAL_LOSS);
                csv.append(String.format(Locale.ROOT, ",%d,%s,%s,%s,%s,ok%n", rank[i], acc.mean(), acc.std(),
                        loss.mean(), loss.std()));
            }
        }
        return csv.toString();
    }

    private static String quoted(String cell) {
        return cell.contains(",") || cell.contains("\"") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }

    private Map<String, Object> json(GridAxes axes, List<GridSearch.Candidate<TrainingRecipe>> candidates,
                                     List<Map<String, String>> settings, int[] rank, List<Integer> ranked) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            GridSearch.Candidate<TrainingRecipe> c = candidates.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("candidate", i + 1);
            m.put("params", settings.get(i));
            m.put("recipe", c.config().model());
            m.put("status", c.score() != null ? "ok" : c.failed() ? "failed" : "unfinished");
            if (c.failed()) {
                m.put("error", c.error().toString());
            }
            if (c.score() != null) {
                m.put("rank", rank[i]);
                m.put(VAL_ACCURACY, figures(c.result().estimate(VAL_ACCURACY)));
                m.put(FitHistory.VAL_LOSS, figures(c.result().estimate(FitHistory.VAL_LOSS)));
                m.put("folds", c.result().folds().stream().map(f -> Map.of("fold", f.fold() + 1,
                        VAL_ACCURACY, f.last(VAL_ACCURACY), FitHistory.VAL_LOSS, f.last(FitHistory.VAL_LOSS)))
                        .toList());
            }
            list.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("options", options.describe());
        out.put("grid", axes.names());
        out.put("score", score);
        out.put("splitter", folding.splitter(options.seed).toString());
        out.put("candidates", list);
        out.put("best", ranked.isEmpty() ? null : ranked.getFirst() + 1);
        return out;
    }

    /** JSON has no NaN (one fold has no spread): such figures become null. */
    private static Map<String, Double> figures(Estimate e) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("mean", e.mean());
        out.put("std", Double.isFinite(e.std()) ? e.std() : null);
        return out;
    }
}
