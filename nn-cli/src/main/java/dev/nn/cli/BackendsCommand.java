package dev.nn.cli;

import com.google.inject.Inject;
import com.google.inject.Provider;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.spi.BackendSelector;
import dev.nn.core.inject.BackendFactory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nn backends}: every backend with its priority and availability, and the one that would be chosen. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List compute backends: name, priority, availability (and why not), and the selected one. "
                + "Honours -Dnn.backend / NN_BACKEND.")
final class BackendsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Inject
    private Provider<BackendSelector> backends;
    @Inject
    private Provider<BackendFactory> factory;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.printf("%-10s %8s  %s%n", "backend", "priority", "status");
        for (BackendSelector.Status s : backends.get().statuses()) {
            boolean loaded = s.priority() != BackendSelector.Status.NOT_LOADED;
            String status = s.availability().available() ? "available"
                    : loaded ? "unavailable: " + s.availability().reason() : s.availability().reason();
            out.printf("%-10s %8s  %s   [%s]%n", s.name(), loaded ? Integer.toString(s.priority()) : "-", status,
                    s.origin());
        }
        try (Backend selected = factory.get().open(null, BackendConfig.defaults())) {
            out.println("selected: " + selected.name());
        }
        return 0;
    }
}
