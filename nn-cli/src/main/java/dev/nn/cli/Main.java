package dev.nn.cli;

import dev.nn.cli.bench.BenchCommand;
import dev.nn.cli.experiment.ExperimentCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of the {@code nn} command. */
@Command(name = "nn", mixinStandardHelpOptions = true, version = "nn 0.1.0",
        description = "Train neural networks well: initialization, normalization, regularization, validation.",
        subcommands = {TrainCommand.class, CvCommand.class, ExperimentCommand.class, BackendsCommand.class,
                ConformanceCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "on a failure, print the stack trace too (before or after the command: nn --debug train)")
    private boolean debug;

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
     * @return the exit status: 0 success, 1 checks failed or an unexpected failure (see {@link Failure}), 2 bad
     *         input
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        cli.setOut(out);
        cli.setErr(err);
        // One handler for every failure of a command; picocli hands it exceptions, and Errors (out of memory, stack
        // overflow) pass through execute to the catch below.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> Failure.report(e, err, main.debug));
        int status;
        try {
            status = cli.execute(args);
        } catch (Error e) {
            status = Failure.report(e, err, main.debug);
        }
        out.flush();
        err.flush();
        return status;
    }
}
