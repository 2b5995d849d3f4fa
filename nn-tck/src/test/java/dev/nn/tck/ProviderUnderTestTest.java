package dev.nn.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.spi.Availability;
import dev.nn.api.spi.BackendSelector;
import dev.nn.host.scalar.ScalarBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A kit never passes without running: not installed fails, unavailable skips with the provider's reason. */
class ProviderUnderTestTest {
    private static final List<BackendSelector.Status> INSTALLED = List.of(
            new BackendSelector.Status("cpu-simd", 100, Availability.yes(), "dev.nn.cpu.simd"),
            new BackendSelector.Status("cuda", 200, Availability.no("no CUDA driver (libcuda.so.1 not found)"),
                    "dev.nn.cuda"));

    @Test
    void anAvailableProviderIsCreatedWithTheKitsSettings() {
        List<String> asked = new ArrayList<>();
        try (Backend b = new ScalarBackend()) {
            Backend got = ProviderUnderTest.open("cpu-simd", new BackendConfig(3), INSTALLED, (name, config) -> {
                asked.add(name + " threads=" + config.threads());
                return b;
            });
            assertSame(b, got);
        }
        assertEquals(List.of("cpu-simd threads=3"), asked);
    }

    @Test
    void anUnavailableProviderSkipsWithItsReason() {
        var e = assertThrows(TestAbortedException.class, () -> ProviderUnderTest.open("cuda", new BackendConfig(1),
                INSTALLED, (name, config) -> {
                    throw new AssertionError("an unavailable provider must not be created");
                }));
        assertTrue(e.getMessage().contains("cuda") && e.getMessage().contains("libcuda.so.1 not found"),
                e.getMessage());
    }

    @Test
    void aProviderThatIsNotInstalledFailsAndSaysWhatIs() {
        var e = assertThrows(AssertionFailedError.class, () -> ProviderUnderTest.open("rocm", new BackendConfig(1),
                INSTALLED, (name, config) -> {
                    throw new AssertionError("a missing provider must not be created");
                }));
        assertTrue(e.getMessage().contains("'rocm' is not installed") && e.getMessage().contains("cpu-simd, cuda"),
                e.getMessage());
    }

    @Test
    void aBlankNameFails() {
        assertThrows(AssertionFailedError.class, () -> ProviderUnderTest.open(" ", new BackendConfig(1), INSTALLED,
                (name, config) -> {
                    throw new AssertionError("not reached");
                }));
    }

    @Test
    void theKitRunsInItsNamedModule() {
        assertEquals("dev.nn.tck", getClass().getModule().getName());
        assertTrue(BackendTestKit.class.getModule().isExported("dev.nn.tck"));
    }
}
