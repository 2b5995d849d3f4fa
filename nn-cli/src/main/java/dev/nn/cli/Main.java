package dev.nn.cli;

import dev.nn.api.NnException;
import dev.nn.cli.bench.BenchCommand;
import dev.nn.cli.experiment.ExperimentCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code nn} command. */
@Command(name = "nn", mixinStandardHelpOptions = true, version = "nn 0.1.0",
        description = "Train neural networks well: initialization, normalization, regularization, validation.",
        subcommands = {TrainCommand.class, CvCommand.class, PredictCommand.class, EvaluateCommand.class,
                ExperimentCommand.class, BackendsCommand.class, ConformanceCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    private Main() {
    }

    /** @param args the command line */
    public static void main(String[] args) {
        // One short line per log record on stderr (selection notices), unless the user configured logging.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs a command line with the given streams (tests call this).
     *
     * @param args the command line
     * @param out standard output
     * @param err standard error
     * @return the exit status: 0 success, 1 checks failed, 2 bad input
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        // nn's own errors already say what, why and how to fix: print the message, not a stack trace.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof NnException || e instanceof IllegalArgumentException) {
                err.println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
    }
}
