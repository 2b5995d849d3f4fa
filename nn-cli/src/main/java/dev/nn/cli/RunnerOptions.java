package dev.nn.cli;

import dev.nn.api.NnException;
import dev.nn.validate.trial.LocalTrialRunner;
import dev.nn.validate.trial.TrialRunner;
import dev.nn.validate.trial.TrialRunners;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where {@code nn cv} and {@code nn grid} run their trials: {@code --runner} (else the {@code nn.trials} property,
 * else the local thread pool), its {@code --runner-option}s, {@code --parallel} for the local runner and
 * {@code --master URL} as the short form of the Spark runner at that master.
 */
final class RunnerOptions {
    @Option(names = "--parallel", defaultValue = "1",
            description = "trials (folds) trained at once by the local runner; results are identical to the "
                    + "sequential run (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--runner", paramLabel = "NAME",
            description = "where the trials run: local (this JVM's threads) or an installed runner such as spark "
                    + "(default: the nn.trials property, else local)")
    String runner;

    @Option(names = "--runner-option", paramLabel = "KEY=VALUE",
            description = "a setting of the runner, e.g. master=local[2] for spark; repeatable")
    Map<String, String> runnerOptions = new LinkedHashMap<>();

    @Option(names = "--master", paramLabel = "URL",
            description = "run the folds on Spark at this master URL (local[4], spark://host:7077, ...): short for "
                    + "--runner spark --runner-option master=URL")
    String master;

    /** {@return the runner's name: {@code --runner}, else spark for {@code --master}, else -Dnn.trials or local} */
    String name() {
        if (master == null) {
            return runner != null ? runner.strip() : TrialRunners.selectedName();
        }
        if (master.isBlank()) {
            throw new NnException("--master is empty; give a Spark master URL such as local[4] or spark://host:7077");
        }
        if (runner != null && !runner.strip().equalsIgnoreCase("spark")) {
            throw new NnException("--master " + master + " runs the folds on Spark, but --runner names '" + runner
                    + "'; drop one of them");
        }
        if (runnerOptions.containsKey("master")) {
            throw new NnException("--master " + master + " and --runner-option master=" + runnerOptions.get("master")
                    + " both name the Spark master; give one");
        }
        return "spark";
    }

    /** Rejects a bad {@code --parallel} and a runner that is not installed, before anything slow. */
    void validate() {
        if (parallel < 1) {
            throw new NnException("--parallel must be >= 1, got " + parallel);
        }
        TrialRunners.provider(name());
    }

    /** {@return the runner, with {@code --parallel} as the local runner's parallelism; the caller closes it} */
    TrialRunner open() {
        String name = name();
        Map<String, String> settings = new LinkedHashMap<>(runnerOptions);
        if (master != null) {
            settings.put("master", master.strip());
        }
        if (name.equalsIgnoreCase(LocalTrialRunner.NAME)) {
            if (parallel != 1 && settings.containsKey("parallelism")) {
                throw new NnException("--parallel " + parallel + " and --runner-option parallelism="
                        + settings.get("parallelism") + " both set the local runner's parallelism; give one");
            }
            settings.putIfAbsent("parallelism", Integer.toString(parallel));
        } else if (parallel != 1) {
            throw new NnException("--parallel sets the local runner's trials at once, but the trials run on the '"
                    + name + "' runner; drop --parallel and set that runner's own parallelism with --runner-option");
        }
        return TrialRunners.open(name, settings);
    }
}
