package dev.nn.api.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.spi.BackendSelector;
import dev.nn.api.spi.BackendSelector.Status;
import dev.nn.api.spi.ProviderNotFoundException;
import dev.nn.api.testing.PluginLayer;
import dev.nn.api.testplugin.ConstructorThrowsBackendProvider;
import dev.nn.api.testplugin.NoPublicConstructorBackendProvider;
import dev.nn.api.testplugin.StaticInitThrowsBackendProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Backends of a plugin layer whose module provides three broken backends, a missing one and one that works. */
class BackendsTest {
    private static final BackendConfig CONFIG = BackendConfig.defaults();

    @Test
    void brokenPluginsAreListedUnavailableWithTheirErrorAndTheWorkingOneIsSelected() {
        BackendSelector selector = Backends.selector(PluginLayer.create());
        List<Status> statuses = selector.statuses();
        assertEquals(List.of("plugin", "ConstructorThrowsBackendProvider", "StaticInitThrowsBackendProvider",
                "NoPublicConstructorBackendProvider", "MissingBackendProvider"),
                statuses.stream().map(Status::name).toList());
        assertTrue(statuses.getFirst().availability().available());
        List<Status> broken = statuses.subList(1, statuses.size());
        for (Status s : broken) {
            assertFalse(s.availability().available(), s.toString());
            assertEquals(Status.NOT_LOADED, s.priority(), s.toString());
            assertTrue(s.origin().startsWith("module " + PluginLayer.MODULE + " (file:"), s.origin());
        }
        assertReason(broken.get(0), ConstructorThrowsBackendProvider.class.getName(),
                "could not be instantiated; caused by java.lang.IllegalStateException: "
                        + ConstructorThrowsBackendProvider.MESSAGE);
        assertReason(broken.get(1), StaticInitThrowsBackendProvider.class.getName(),
                "could not be instantiated; caused by java.lang.ExceptionInInitializerError; caused by "
                        + "java.lang.IllegalStateException: " + StaticInitThrowsBackendProvider.MESSAGE);
        assertReason(broken.get(2), NoPublicConstructorBackendProvider.class.getName(),
                "Unable to get public no-arg constructor");
        assertReason(broken.get(3), PluginLayer.MISSING_BACKEND, "Provider " + PluginLayer.MISSING_BACKEND
                + " not found");

        assertEquals("plugin", selector.select(null, "priority", CONFIG).name());
        assertEquals("plugin", selector.select("plugin", "request 'plugin'", CONFIG).name());
    }

    @Test
    void noUsableBackendTableListsTheProvidersThatFailedToLoad() {
        BackendSelector selector = Backends.selector(PluginLayer.create());
        var e = assertThrows(ProviderNotFoundException.class,
                () -> selector.select("cuda", "nn.backend=cuda", CONFIG));
        String m = e.getMessage();
        assertTrue(m.startsWith("No usable backend for nn.backend=cuda\n  cuda      not installed (no provider has "
                + "this name; installed: plugin; a plugin module that provides dev.nn.api.spi.BackendProvider named "
                + "'cuda' must be on the module path); or its provider is one of the 4 that failed to load, listed "
                + "below\n"), m);
        assertTrue(m.contains("\n  plugin    available\n"), m);
        assertTrue(m.contains("\n  ConstructorThrowsBackendProvider failed to load: "
                + ConstructorThrowsBackendProvider.class.getName() + " (module " + PluginLayer.MODULE + " (file:"), m);
        assertTrue(m.contains("): Provider " + ConstructorThrowsBackendProvider.class.getName()
                + " could not be instantiated; caused by java.lang.IllegalStateException: "
                + ConstructorThrowsBackendProvider.MESSAGE + ". Fix: remove the jar or module that provides it, or "
                + "fix the plugin\n"), m);
        assertTrue(m.contains("\n  MissingBackendProvider failed to load: " + PluginLayer.MISSING_BACKEND), m);
    }

    @Test
    void aLayerIsDiscoveredOnce() {
        ModuleLayer layer = PluginLayer.create();
        assertSame(Backends.selector(layer), Backends.selector(layer));
        assertNotSame(Backends.selector(layer), Backends.selector(PluginLayer.create()));
    }

    private static void assertReason(Status s, String providerClass, String error) {
        String reason = s.availability().reason();
        assertTrue(reason.startsWith("failed to load: " + providerClass + " (module " + PluginLayer.MODULE), reason);
        assertTrue(reason.contains(error), reason);
        assertTrue(reason.endsWith(". Fix: remove the jar or module that provides it, or fix the plugin"), reason);
    }
}
