package dev.nn.tck;

import static org.junit.jupiter.api.Assertions.fail;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.spi.BackendSelector;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Assumptions;

/**
 * Creates the backend a kit tests, from its provider's name: a provider that is not installed fails the test (the
 * test's class or module path is wrong), one that is installed but unavailable here skips it with the provider's
 * own reason, so a kit never passes without having run.
 */
final class ProviderUnderTest {
    private ProviderUnderTest() {
    }

    /**
     * @param name the provider's name
     * @param config settings for the backend
     * @param installed the providers discovery found, with their availability
     * @param select creates the backend of a name with a configuration
     * @return the backend
     */
    static Backend open(String name, BackendConfig config, List<BackendSelector.Status> installed,
                        BiFunction<String, BackendConfig, Backend> select) {
        if (name == null || name.isBlank()) {
            fail("providerName() must return the name of the backend provider under test, e.g. \"cpu-simd\"; got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        Optional<BackendSelector.Status> status = installed.stream().filter(s -> s.name().equals(name)).findFirst();
        if (status.isEmpty()) {
            fail("Backend provider '" + name + "' is not installed; installed: "
                    + String.join(", ", installed.stream().map(BackendSelector.Status::name).toList())
                    + ". Add the module that provides it to the test path (a test-scoped dependency, or the module "
                    + "under test itself) and check that it declares 'provides dev.nn.api.spi.BackendProvider' and "
                    + "lists the provider in META-INF/services/dev.nn.api.spi.BackendProvider");
        }
        if (!status.get().availability().available()) {
            Assumptions.abort("Backend '" + name + "' is unavailable here, so it was not tested: "
                    + status.get().availability().reason());
        }
        Backend backend = select.apply(name, config);
        if (backend == null) {
            fail("Backend provider '" + name + "' created null");
        }
        return backend;
    }
}
