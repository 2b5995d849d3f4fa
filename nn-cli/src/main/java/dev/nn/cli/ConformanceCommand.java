package dev.nn.cli;

import com.google.inject.Inject;
import com.google.inject.Provider;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.conformance.ConformanceRunner;
import dev.nn.conformance.GoldenOps;
import dev.nn.core.inject.BackendFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nn conformance}: checks a backend and the feature modules against golden vectors. */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = "Run every golden file in DIR (PyTorch / scikit-learn reference vectors): one line per case "
                + "(PASS, FAIL with the first mismatch, SKIP with the reason), then 'N passed, M failed, K skipped'. "
                + "Exit status 1 when anything failed.")
final class ConformanceCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Inject
    private Provider<BackendFactory> backends;

    @Option(names = "--golden", required = true, paramLabel = "DIR", description = "directory of golden JSON files")
    private Path golden;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "backend under test (default: -Dnn.backend, NN_BACKEND, else highest priority)")
    private String backend;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Backend b = backends.get().open(backend, BackendConfig.defaults());
        out.println("backend: " + b.name());
        var summary = new ConformanceRunner(GoldenOps.all()).run(golden, b, out::println);
        out.println(summary.line());
        return summary.failed() > 0 ? 1 : 0;
    }
}
