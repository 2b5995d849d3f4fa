package dev.nn.cli;

import dev.nn.api.NnException;
import dev.nn.api.backend.Backend;
import dev.nn.cli.data.DataSource;
import dev.nn.core.data.Dataset;
import dev.nn.validate.KFold;
import dev.nn.validate.Splitter;
import dev.nn.validate.StratifiedKFold;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** How {@code nn cv} and {@code nn grid} split the training data into folds, and train each fold. */
final class FoldOptions {
    @Option(names = "--folds", defaultValue = "5", description = "number of folds K (default: ${DEFAULT-VALUE})")
    int folds;

    @Option(names = "--no-stratify", description = "plain KFold instead of StratifiedKFold")
    boolean noStratify;

    @Option(names = "--patience", defaultValue = "0", paramLabel = "EPOCHS",
            description = "early stopping per fold on validation loss, 0 = off (default: ${DEFAULT-VALUE})")
    int patience;

    /**
     * Rejects a fold count that cannot split anything, a negative patience, and a learning-rate schedule, which
     * folds do not follow.
     *
     * @param options the training options of the command
     * @param command the command's name, e.g. {@code nn cv}
     */
    void validate(TrainingOptions options, String command) {
        if (folds < 2) {
            throw new NnException("--folds must be >= 2, got " + folds);
        }
        if (patience < 0) {
            throw new NnException("--patience must be >= 0 (0 turns early stopping off), got " + patience);
        }
        if (!options.lrSchedule.equalsIgnoreCase("none")) {
            throw new NnException(command + " has no --lr-schedule: its folds train at the constant --lr; drop "
                    + "--lr-schedule, or compare schedules with nn train");
        }
    }

    /**
     * The data a fold command trains on, checked, and where its folds train.
     *
     * @param backend the backend's name, which every fold opens
     * @param backendLine what to print about the backend (and a {@code --threads} warning)
     * @param source where the data came from
     * @param samples the training samples
     * @param labels every sample's class
     * @param splitter how the samples are split into folds
     */
    record Folded(String backend, String backendLine, DataSource source, Dataset samples, int[] labels,
                  Splitter splitter) {
    }

    /**
     * Resolves the backend once (so every fold opens the same one by name), loads the training data printing its
     * warnings, and refuses data of one class or with too few samples for the folds.
     *
     * @param options the command's training options
     * @param stdout where the data's warnings go
     * @return the checked data and its splitter
     */
    Folded load(TrainingOptions options, PrintWriter stdout) {
        String backend;
        String backendLine;
        try (Backend chosen = options.backend()) {
            backend = chosen.name();
            backendLine = options.backendLine(chosen);
        }
        DataSource source = options.load();
        source.warnings().forEach(w -> stdout.println("warning: " + w));
        Dataset pool = source.train();
        int[] labels = DataSource.classLabels(pool);
        TrainingOptions.requireTwoClasses(labels, source.description());
        checkEnoughSamples(labels, options.limit != null && options.limit <= pool.size()
                ? "--limit " + options.limit : source.description());
        return new Folded(backend, backendLine, source, pool, labels, splitter(options.seed));
    }

    /**
     * {@return the shuffled splitter: stratified by class unless {@code --no-stratify}}
     *
     * @param seed shuffles the samples before they are dealt into folds
     */
    Splitter splitter(long seed) {
        return noStratify ? new KFold(folds, true, seed) : new StratifiedKFold(folds, true, seed);
    }

    /**
     * Refuses, in the command line's terms, data with too few samples for {@code --folds}.
     *
     * @param labels every sample's class
     * @param who where the samples came from ({@code --limit N} or the data's description), for the message
     */
    void checkEnoughSamples(int[] labels, String who) {
        if (noStratify) {
            if (labels.length < folds) {
                throw new NnException(who + " leaves " + labels.length + " samples, fewer than --folds " + folds
                        + ": every fold needs a sample; lower --folds to " + labels.length
                        + (who.startsWith("--limit") ? ", or raise --limit" : ", or add samples"));
            }
            return;
        }
        int[] counts = new int[Arrays.stream(labels).max().orElse(-1) + 1];
        for (int c : labels) {
            counts[c]++;
        }
        int largest = Arrays.stream(counts).max().orElse(0);
        if (largest < folds) {
            String bigger = who.startsWith("--limit") ? "raise --limit" : "add samples";
            throw new NnException(who + " leaves at most " + largest + " samples of a class, fewer than --folds "
                    + folds + ": stratified folds share every class out among the folds; "
                    + (largest >= 2 ? "lower --folds to " + largest + ", or " + bigger : bigger)
                    + " (or use --no-stratify)");
        }
    }
}
