package dev.nn.cli.experiment;

import com.google.inject.Inject;
import com.google.inject.Provider;
import dev.nn.api.NnException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.core.inject.BackendFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nn experiment NAME}: reproduces one classic demonstration on real data, prints its numbers as it goes and
 * as a final table, and writes a report folder ({@code summary.txt}, {@code results.json}, PNG charts).
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Reproduce a classic experiment and write its report folder.",
            "NAME is one of:",
            "  init       zero/N(0,1)/Xavier/He init: activation std through a deep MLP",
            "  batchnorm  tanh saturation and convergence with vs without BatchNorm",
            "  dropout    train/validation gap of a wide MLP, with vs without dropout",
            "  kfold      single hold-out estimates over seeds vs 5-fold CV mean +- std",
            "  capacity   polynomial degree 1/3/20 fit verdicts; degree-20 learning curve",
            "  bn-vs-ln   BatchNorm normalizes columns, LayerNorm rows; BN at batch size 2"})
public final class ExperimentCommand implements Callable<Integer> {
    /** The experiments' names, in the order of the help text. */
    public static final List<String> NAMES = List.of("init", "batchnorm", "dropout", "kfold", "capacity",
            "bn-vs-ln");

    @Spec
    private CommandSpec spec;
    @Inject
    private Provider<BackendFactory> backends;

    @Parameters(index = "0", paramLabel = "NAME", description = "init, batchnorm, dropout, kfold, capacity or bn-vs-ln")
    private String name;

    @Option(names = "--out", paramLabel = "DIR",
            description = "report folder (default: runs/experiment-NAME-<timestamp>)")
    private Path out;

    @Option(names = "--seed", description = "seed of data draws, initialization and training order (default: "
            + "${DEFAULT-VALUE})", defaultValue = "1")
    private long seed;

    @Option(names = "--quick", description = "smaller sizes (seconds instead of tens of seconds), for a smoke test")
    private boolean quick;

    /** Creates the command; picocli fills the fields. */
    public ExperimentCommand() {
    }

    @Override
    public Integer call() {
        if (!NAMES.contains(name)) {
            throw new ParameterException(spec.commandLine(), "Unknown experiment '" + name + "'. Valid: "
                    + String.join(", ", NAMES) + "; e.g. nn experiment init");
        }
        PrintWriter log = spec.commandLine().getOut();
        Backend backend = backends.get().open(null, BackendConfig.defaults());
        log.println(name + ": backend " + backend.name());
        long start = System.nanoTime();
        ExperimentResult result = run(name, quick, seed, backend, log);
        log.println();
        log.print(result.summary());
        Path dir = out != null ? out : ExperimentReport.defaultFolder(Path.of("runs"), name);
        Map<String, Path> files = ExperimentReport.write(dir, name, result);
        log.printf("%n%s: done in %.1f s; report in %s (%s)%n", name, (System.nanoTime() - start) / 1e9, dir,
                String.join(", ", files.keySet()));
        log.flush();
        return 0;
    }

    /**
     * @param name one of {@link #NAMES}
     * @param quick smaller sizes
     * @param seed the seed
     * @param backend where to compute
     * @param log progress lines
     * @return the result
     */
    static ExperimentResult run(String name, boolean quick, long seed, Backend backend, PrintWriter log) {
        return switch (name) {
            case "init" -> {
                InitExperiment.Config d = InitExperiment.Config.defaults();
                yield new InitExperiment(quick ? new InitExperiment.Config(96, d.depth(), 64, 2, seed)
                        : new InitExperiment.Config(d.samples(), d.depth(), d.width(), d.trainEpochs(), seed),
                        backend).run(log);
            }
            case "batchnorm" -> {
                BatchNormExperiment.Config d = BatchNormExperiment.Config.defaults();
                yield new BatchNormExperiment(new BatchNormExperiment.Config(quick ? 300 : d.trainSamples(),
                        quick ? 200 : d.validationSamples(), d.depth(), d.width(), quick ? 2 : d.epochs(),
                        d.batchSize(), d.lr(), seed), backend).run(log);
            }
            case "dropout" -> {
                DropoutExperiment.Config d = DropoutExperiment.Config.defaults();
                yield new DropoutExperiment(new DropoutExperiment.Config(d.trainSamples(),
                        quick ? 500 : d.validationSamples(), quick ? 128 : d.width(), d.p(), quick ? 8 : d.epochs(),
                        seed), backend).run(log);
            }
            case "kfold" -> {
                KFoldExperiment.Config d = KFoldExperiment.Config.defaults();
                yield new KFoldExperiment(new KFoldExperiment.Config(quick ? 300 : d.samples(), d.hidden(),
                        quick ? 5 : d.epochs(), quick ? 6 : d.holdOutSeeds(), quick ? 2 : d.kfoldRepeats(), seed),
                        backend).run(log);
            }
            case "capacity" -> {
                CapacityExperiment.Config d = CapacityExperiment.Config.defaults();
                yield new CapacityExperiment(new CapacityExperiment.Config(d.settings(), quick ? 3 : d.draws(),
                        d.validationSamples(), d.curveSizes(), d.curveEpochs(), seed), backend).run(log);
            }
            case "bn-vs-ln" -> {
                BnVsLnExperiment.Config d = BnVsLnExperiment.Config.defaults();
                yield new BnVsLnExperiment(new BnVsLnExperiment.Config(quick ? 300 : d.trainSamples(),
                        quick ? 500 : d.validationSamples(), d.hidden(), quick ? 2 : d.epochs(), d.smallBatch(),
                        d.largeBatch(), seed), backend).run(log);
            }
            default -> throw new NnException("Unknown experiment '" + name + "'. Valid: "
                    + String.join(", ", NAMES));
        };
    }
}
