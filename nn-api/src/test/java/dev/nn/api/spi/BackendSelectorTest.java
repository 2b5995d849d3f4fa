package dev.nn.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.nn.api.NnException;
import dev.nn.api.backend.BackendConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendSelectorTest {
    private static final BackendConfig CONFIG = BackendConfig.defaults();
    private static final LoadFailure CUDA_FAILED = new LoadFailure(BackendProvider.class.getName(),
            "com.acme.cuda.CudaBackendProvider", "module com.acme.cuda (file:/opt/acme-cuda.jar)",
            "Provider com.acme.cuda.CudaBackendProvider could not be instantiated; caused by "
                    + "java.lang.UnsatisfiedLinkError: no cudart in java.library.path");

    @Test
    void highestPriorityAvailableWins() {
        var selector = new BackendSelector(List.of(
                TestProvider.available("scalar", 0),
                TestProvider.unavailable("cuda", 200, "libcuda.so.1 not found (install the NVIDIA driver)"),
                TestProvider.available("cpu-simd", 100)));
        assertEquals("cpu-simd", selector.select(null, "priority", CONFIG).name());
    }

    @Test
    void tiesAreBrokenByName() {
        var selector = new BackendSelector(List.of(TestProvider.available("zeta", 5),
                TestProvider.available("alpha", 5)));
        assertEquals("alpha", selector.select("", "priority", CONFIG).name());
    }

    @Test
    void explicitChoiceWinsOverPriority() {
        var selector = new BackendSelector(List.of(TestProvider.available("scalar", 0),
                TestProvider.available("cpu-simd", 100)));
        assertEquals("scalar", selector.select("scalar", "request 'scalar'", CONFIG).name());
        assertEquals("scalar", selector.select("cuda, scalar", "nn.backend=cuda,scalar", CONFIG).name(),
                "a list is tried in order");
    }

    @Test
    void unknownOrUnavailableRequestFailsListingWhatExistsAndWhy() {
        var selector = new BackendSelector(List.of(TestProvider.available("scalar", 0),
                TestProvider.unavailable("cpu-simd", 100, "jdk.incubator.vector not readable")));
        var e = assertThrows(ProviderNotFoundException.class,
                () -> selector.select("nope,cuda,cpu-simd", "nn.backend=nope,cuda,cpu-simd", CONFIG));
        String m = e.getMessage();
        assertTrue(m.startsWith("No usable backend for nn.backend=nope,cuda,cpu-simd"), m);
        assertTrue(m.contains("nope      not installed (no provider has this name; installed: cpu-simd, scalar; "
                + "a plugin module that provides dev.nn.api.spi.BackendProvider named 'nope' must be on the module "
                + "path)"), m);
        assertTrue(m.contains("cuda      not installed (no provider has this name; installed: cpu-simd, scalar; "
                + "a plugin module that provides dev.nn.api.spi.BackendProvider named 'cuda' must be on the module "
                + "path)"), m);
        assertFalse(m.contains("dev.nn.cuda"), "no hint at a module this project does not build: " + m);
        assertTrue(m.contains("cpu-simd  unavailable: jdk.incubator.vector not readable"), m);
        assertTrue(m.contains("scalar    available"), m);
    }

    @Test
    void statusesReportReasonsHighestPriorityFirst() {
        var selector = new BackendSelector(List.of(TestProvider.available("scalar", 0),
                TestProvider.unavailable("cuda", 200, "no device")));
        List<BackendSelector.Status> s = selector.statuses();
        assertEquals("cuda", s.get(0).name());
        assertEquals("no device", s.get(0).availability().reason());
        assertTrue(s.get(1).availability().available());
        assertTrue(s.get(1).origin().contains(TestProvider.class.getName()), s.get(1).origin());
    }

    @Test
    void duplicateNamesNameBothOrigins() {
        var e = assertThrows(DuplicateProviderException.class, () -> new BackendSelector(List.of(
                TestProvider.available("scalar", 0), TestProvider.available("scalar", 1))));
        assertTrue(e.getMessage().startsWith("Two backend providers are named 'scalar': module dev.nn.api ("),
                e.getMessage());
        assertTrue(e.getMessage().contains(" and module dev.nn.api ("), e.getMessage());
    }

    @Test
    void aProviderWhoseProbeThrowsIsReportedUnavailable() {
        BackendProvider broken = mock(BackendProvider.class);
        when(broken.name()).thenReturn("broken");
        when(broken.priority()).thenReturn(500);
        when(broken.probe()).thenThrow(new IllegalStateException("boom"));
        var selector = new BackendSelector(List.of(broken, TestProvider.available("scalar", 0)));
        assertEquals("scalar", selector.select(null, "priority", CONFIG).name());
        assertTrue(selector.statuses().get(0).availability().reason().contains("probe failed"));
        verify(broken, never()).create(any());
    }

    @Test
    void createThatThrowsFailsAnExplicitRequestButIsSkippedAutomatically() {
        BackendProvider flaky = mock(BackendProvider.class);
        when(flaky.name()).thenReturn("flaky");
        when(flaky.priority()).thenReturn(300);
        when(flaky.probe()).thenReturn(Availability.yes());
        when(flaky.create(any())).thenThrow(new IllegalStateException("out of device memory"));
        var selector = new BackendSelector(List.of(flaky, TestProvider.available("scalar", 0)));

        var e = assertThrows(NnException.class, () -> selector.select("flaky", "request 'flaky'", CONFIG));
        assertTrue(e.getMessage().contains("failed to start") && e.getMessage().contains("out of device memory"),
                e.getMessage());
        assertEquals("scalar", selector.select(null, "priority", CONFIG).name());
        verify(flaky, org.mockito.Mockito.times(2)).create(CONFIG);
    }

    @Test
    void providersThatFailedToLoadAreListedLastAsUnavailableWithTheErrorAndTheFix() {
        var selector = new BackendSelector(List.of(TestProvider.available("scalar", 0)), List.of(CUDA_FAILED));
        List<BackendSelector.Status> s = selector.statuses();
        assertEquals(List.of("scalar", "CudaBackendProvider"), s.stream().map(BackendSelector.Status::name).toList());
        BackendSelector.Status failed = s.get(1);
        assertEquals(BackendSelector.Status.NOT_LOADED, failed.priority());
        assertEquals("failed to load: com.acme.cuda.CudaBackendProvider (module com.acme.cuda "
                + "(file:/opt/acme-cuda.jar)): Provider com.acme.cuda.CudaBackendProvider could not be instantiated; caused by "
                + "java.lang.UnsatisfiedLinkError: no cudart in java.library.path. Fix: remove the jar or module that "
                + "provides it, or fix the plugin", failed.availability().reason());
        assertEquals("module com.acme.cuda (file:/opt/acme-cuda.jar) (com.acme.cuda.CudaBackendProvider)",
                failed.origin());
        assertEquals(List.of(CUDA_FAILED), selector.failures());
        assertEquals("scalar", selector.select(null, "priority", CONFIG).name());
    }

    @Test
    void noUsableBackendListsTheProvidersThatFailedToLoad() {
        var selector = new BackendSelector(List.of(TestProvider.unavailable("scalar", 0, "switched off")),
                List.of(CUDA_FAILED));
        var e = assertThrows(ProviderNotFoundException.class, () -> selector.select(null, "priority", CONFIG));
        assertEquals(String.join("\n",
                "No usable backend",
                "  scalar    unavailable: switched off",
                "  CudaBackendProvider " + CUDA_FAILED.reason(),
                "Fix: add dev.nn.core (the scalar backend, always available) to the module or class path"),
                e.getMessage());

        var onlyFailed = new BackendSelector(List.of(), List.of(CUDA_FAILED));
        var none = assertThrows(ProviderNotFoundException.class, () -> onlyFailed.select(null, "priority", CONFIG));
        assertTrue(none.getMessage().startsWith("No usable backend\n  CudaBackendProvider failed to load: "),
                none.getMessage());
    }

    @Test
    void anExplicitRequestForABackendThatFailedToLoadPointsAtTheFailure() {
        var selector = new BackendSelector(List.of(TestProvider.available("scalar", 0)), List.of(CUDA_FAILED));
        var e = assertThrows(ProviderNotFoundException.class,
                () -> selector.select("cuda", "nn.backend=cuda", CONFIG));
        assertEquals(List.of("No usable backend for nn.backend=cuda",
                        "  cuda      not installed (no provider has this name; installed: scalar; a plugin module "
                                + "that provides dev.nn.api.spi.BackendProvider named 'cuda' must be on the module "
                                + "path); or its provider is the one that failed to load, listed below",
                        "Installed backends:",
                        "  scalar    available"),
                e.getMessage().lines().limit(4).toList());
        assertTrue(e.getMessage().lines().anyMatch(l -> l.equals("  CudaBackendProvider "
                + CUDA_FAILED.reason())), e.getMessage());
    }

    @Test
    void noProvidersAtAll() {
        var e = assertThrows(ProviderNotFoundException.class,
                () -> new BackendSelector(List.of()).select(null, "priority", CONFIG));
        assertTrue(e.getMessage().contains("none installed"), e.getMessage());
    }
}
