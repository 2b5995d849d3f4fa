package dev.nn.cli;

import com.google.inject.Guice;
import com.google.inject.Module;
import dev.nn.api.NnException;
import dev.nn.cli.bench.BenchCommand;
import dev.nn.cli.experiment.ExperimentCommand;
import dev.nn.core.inject.NnModule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of the {@code nn} command. */
@Command(name = "nn", mixinStandardHelpOptions = true, version = "nn 0.1.0",
        description = "Train neural networks well: initialization, normalization, regularization, validation.",
        subcommands = {TrainCommand.class, CvCommand.class, GridCommand.class, PredictCommand.class,
                EvaluateCommand.class, ExperimentCommand.class, BackendsCommand.class, ConformanceCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    @Option(names = "--plugin-path", paramLabel = "PATH", split = "${sys:path.separator}",
            description = "Plugin jars or folders of jars ('${sys:path.separator}'-separated) whose initializers, "
                    + "normalizations and backends join the installed ones; give it before the command "
                    + "(nn --plugin-path my.jar train ...). See PLUGINS.md.")
    private List<Path> pluginPath = List.of();

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
        return run(args, out, err, new NnModule());
    }

    /**
     * Runs a command line with the application's wiring: the commands receive the registries, the backend factory
     * and the trainer builder from it, e.g. {@code Modules.override(new NnModule()).with(yours)}.
     *
     * @param args the command line
     * @param out standard output
     * @param err standard error
     * @param wiring the Guice module that binds what {@link NnModule} binds
     * @return the exit status: 0 success, 1 checks failed or an unexpected failure (see {@link Failure}), 2 bad
     *         input
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Module wiring) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main, new GuiceFactory(Guice.createInjector(wiring)));
        cli.setOut(out);
        cli.setErr(err);
        // Plugins load after parsing, before the command runs, and only for this command line.
        cli.setExecutionStrategy(parsed -> {
            ClassLoader previous;
            try {
                previous = main.pluginPath.isEmpty() ? null : PluginPath.install(main.pluginPath);
            } catch (NnException e) {   // reported like a command's own error
                throw new CommandLine.ExecutionException(cli, e.getMessage(), e);
            }
            try {
                return new CommandLine.RunLast().execute(parsed);
            } finally {
                if (previous != null) {
                    Thread.currentThread().setContextClassLoader(previous);
                }
            }
        });
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
