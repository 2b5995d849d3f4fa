package dev.nn.cli;

import dev.nn.api.NnException;
import dev.nn.core.json.Json;
import dev.nn.core.json.JsonException;
import dev.nn.core.state.TrainingState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code nn train --resume RUN_DIR}: rebuilds the interrupted run's command from the options saved in its training
 * state, so the resumed run is configured exactly as the interrupted one. Options given beside {@code --resume} must
 * agree with the saved ones, except {@code --epochs}, which may change (to train longer, say) when the learning-rate
 * schedule does not depend on it.
 */
final class ResumedRun {
    /** Options that describe the run folder, the resumption or failure output, not the training; not saved. */
    private static final Set<String> NOT_SAVED = Set.of("--out", "--overwrite", "--resume", "--debug");
    private static final String ARGS = "args";

    private ResumedRun() {
    }

    /**
     * @param parsed the {@code nn train} command line of the run
     * @return what the training state records of it: the options given, each with its value as typed
     */
    static Map<String, String> config(ParseResult parsed) {
        return Map.of(ARGS, Json.write(options(parsed)));
    }

    private static List<String> options(ParseResult parsed) {
        List<String> args = new ArrayList<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            if (!NOT_SAVED.contains(o.longestName())) {
                args.add(o.longestName());
                args.addAll(o.stringValues());
            }
        }
        return args;
    }

    /**
     * @param runDir the folder of the run to continue
     * @param resuming the command line that asked to resume
     * @return the run's own command, set to continue it in {@code runDir}
     * @throws NnException when the folder holds no readable state, or an option contradicts the saved ones
     */
    static TrainCommand command(Path runDir, CommandSpec resuming) {
        Path file = runDir.resolve(TrainCommand.STATE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new NnException("--resume " + runDir + ": there is no " + TrainCommand.STATE_FILE + " in it. nn "
                    + "train writes that file after every completed epoch; pass the --out folder of a run that "
                    + "completed at least one epoch");
        }
        TrainingState state = TrainingState.read(file);
        List<String> saved = savedOptions(state, file);
        ParseResult given = resuming.commandLine().getParseResult();
        for (String folderOption : List.of("--out", "--overwrite")) {
            if (given.hasMatchedOption(folderOption)) {
                throw new NnException("--resume continues in the run's own folder " + runDir + "; drop "
                        + folderOption);
            }
        }
        CommandLine rebuilt = parse(saved, resuming, file);
        requireAgreement(given, rebuilt.getCommandSpec(), file);
        List<String> args = new ArrayList<>(saved);
        int done = completedEpochs(state);
        OptionSpec epochs = given.matchedOption("--epochs");
        if (epochs != null) {
            if ((int) epochs.getValue() < done) {
                throw new NnException("--epochs " + epochs.getValue() + " is fewer than the " + done + " epochs the "
                        + "run has completed; give --epochs " + done + " or more, or leave it out");
            }
            int planned = rebuilt.getCommandSpec().findOption("--epochs").getValue();
            String schedule = rebuilt.getCommandSpec().findOption("--lr-schedule").getValue();
            if ((int) epochs.getValue() != planned && List.of("cosine", "step")
                    .contains(schedule.toLowerCase(Locale.ROOT))) {
                throw new NnException("--epochs " + epochs.getValue() + " differs from the run's " + planned + ", but "
                        + "its --lr-schedule " + schedule + " spreads the rate over the planned epochs, so the epochs "
                        + "already trained would have had other rates. Resume with --epochs " + planned
                        + ", or start a new run");
            }
            int i = args.indexOf("--epochs");
            if (i >= 0) {
                args.subList(i, i + 2).clear();
            }
            args.add("--epochs");
            args.addAll(epochs.stringValues());
        }
        CommandLine command = parse(args, resuming, file);
        TrainCommand train = command.getCommand();
        train.continueRun(runDir, state);
        resuming.commandLine().getOut().printf(Locale.ROOT, "resuming %s after epoch %d: %s%n", runDir, done,
                String.join(" ", args));
        return train;
    }

    /**
     * @param state a run's training state
     * @return the epochs it had completed
     */
    static int completedEpochs(TrainingState state) {
        return state.scope("trainer").getInt("epochs_completed");
    }

    private static List<String> savedOptions(TrainingState state, Path file) {
        String text = state.scope("config").findString(ARGS).orElseThrow(() -> new NnException(file + " holds no "
                + "saved nn train options; it was not written by nn train, so --resume cannot rebuild the run"));
        try {
            List<String> args = new ArrayList<>();
            for (Object o : (List<?>) Json.parse(text)) {
                args.add((String) o);
            }
            return args;
        } catch (JsonException | ClassCastException e) {
            throw new NnException(file + ": the saved options are not a list of strings (" + text + "); the file "
                    + "is corrupt", e);
        }
    }

    private static CommandLine parse(List<String> args, CommandSpec resuming, Path file) {
        // through the application's factory, which builds the commands nn runs
        CommandLine.IFactory factory = resuming.commandLine().getFactory();
        CommandLine cli;
        try {
            cli = new CommandLine(factory.create(TrainCommand.class), factory);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the train command to resume: " + e, e);
        }
        cli.setOut(resuming.commandLine().getOut());
        cli.setErr(resuming.commandLine().getErr());
        try {
            cli.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new NnException(file + ": the saved options " + args + " do not parse (" + e.getMessage()
                    + "); the run was started by another nn version", e);
        }
        return cli;
    }

    /** Every option given beside --resume, except --epochs, must have the run's value. */
    private static void requireAgreement(ParseResult given, CommandSpec saved, Path file) {
        List<String> conflicts = new ArrayList<>();
        for (OptionSpec o : given.matchedOptions()) {
            String name = o.longestName();
            if (NOT_SAVED.contains(name) || name.equals("--epochs")) {
                continue;
            }
            Object savedValue = saved.findOption(name).getValue();
            if (!Objects.equals(o.getValue(), savedValue)) {
                conflicts.add(name + " " + String.join(" ", o.stringValues()) + " (the run has "
                        + (savedValue == null ? "none" : savedValue) + ")");
            }
        }
        if (!conflicts.isEmpty()) {
            throw new NnException("--resume continues the run with the options saved in " + file + "; these differ: "
                    + String.join(", ", conflicts) + ". Drop them (only --epochs may change), or start a new run "
                    + "with --out");
        }
    }
}
