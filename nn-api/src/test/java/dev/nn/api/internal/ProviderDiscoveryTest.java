package dev.nn.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.backend.BackendConfig;
import dev.nn.api.spi.BackendProvider;
import dev.nn.api.spi.BackendSelector;
import dev.nn.api.spi.LoadFailure;
import dev.nn.api.testing.PluginLayer;
import java.lang.module.ModuleFinder;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ProviderDiscoveryTest {
    private final ProviderDiscovery<BackendProvider, BackendSelector> discovery =
            new ProviderDiscovery<>(BackendProvider.class, BackendSelector::new);

    @Test
    void aLayerIsDiscoveredOnceAndItsRegistryReused() {
        ModuleLayer layer = PluginLayer.create();
        BackendSelector first = discovery.forLayer(layer);
        assertSame(first, discovery.forLayer(layer));
        assertEquals(1, discovery.scans());
        assertEquals("plugin", first.select(null, "priority", BackendConfig.defaults()).name());
    }

    @Test
    void eachLayerHasItsOwnRegistry() {
        ModuleLayer a = PluginLayer.create();
        ModuleLayer b = PluginLayer.create();
        BackendSelector forA = discovery.forLayer(a);
        BackendSelector forB = discovery.forLayer(b);
        assertNotSame(forA, forB);
        assertSame(forA, discovery.forLayer(a));
        assertSame(forB, discovery.forLayer(b));
        assertEquals(2, discovery.scans());
    }

    @Test
    void theContextClassLoaderIsDiscoveredOncePerLoader() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (var other = new URLClassLoader(new URL[0], previous)) {
            BackendSelector own = discovery.forContextClassLoader();
            assertSame(own, discovery.forContextClassLoader());
            thread.setContextClassLoader(other);
            BackendSelector theOther = discovery.forContextClassLoader();
            assertNotSame(own, theOther);
            assertSame(theOther, discovery.forContextClassLoader());
            thread.setContextClassLoader(null);   // ServiceLoader then uses the system class loader
            assertSame(discovery.forContextClassLoader(), discovery.forContextClassLoader());
            assertEquals(ClassLoader.getSystemClassLoader() == previous ? 2 : 3, discovery.scans());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void resetGivesAFreshView() {
        ModuleLayer layer = PluginLayer.create();
        BackendSelector before = discovery.forLayer(layer);
        discovery.reset();
        BackendSelector after = discovery.forLayer(layer);
        assertNotSame(before, after);
        assertEquals(2, discovery.scans());
        assertEquals(before.failures().size(), after.failures().size());
        assertTrue(after.failures().get(1).error().contains("static initializer failed on purpose"),
                "a class whose static initializer failed fails again with NoClassDefFoundError, caused by the first "
                        + "error: " + after.failures().get(1).error());
    }

    @Test
    void concurrentFirstLookupsDiscoverOnce() throws Exception {
        ModuleLayer layer = PluginLayer.create();
        int threads = 8;
        var start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<BackendSelector>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return discovery.forLayer(layer);
                }));
            }
            start.countDown();
            BackendSelector first = results.getFirst().get();
            for (Future<BackendSelector> r : results) {
                assertSame(first, r.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, discovery.scans());
    }

    @Test
    void failuresNameTheModuleAndWhereItCameFrom() {
        ModuleLayer layer = PluginLayer.create();
        List<LoadFailure> failures = discovery.forLayer(layer).failures();
        assertEquals(4, failures.size());
        for (LoadFailure f : failures) {
            assertTrue(f.origin().startsWith("module " + PluginLayer.MODULE + " (file:"), f.origin());
            assertTrue(f.reason().startsWith("failed to load: " + f.providerClass() + " (module "), f.reason());
            assertTrue(f.reason().endsWith("Fix: remove the jar or module that provides it, or fix the plugin"),
                    f.reason());
        }
    }

    @Test
    void aDroppedPluginLayerIsNotKeptAliveByItsCachedRegistry() throws InterruptedException {
        // The registry holds the layer's providers, whose classes reach the layer: held strongly in the cache, it
        // would keep the layer alive for ever. It is anchored on a provider class instead.
        WeakReference<ModuleLayer> layer = discoverAndDrop(PluginLayer.create());
        awaitCollected(layer);
        assertNull(layer.get(), "the cache kept a dropped plugin layer reachable");
    }

    @Test
    void aDroppedLayerWithoutProvidersOfItsOwnIsNotKeptAlive() throws InterruptedException {
        var empty = ModuleLayer.boot().configuration().resolve(ModuleFinder.of(), ModuleFinder.of(), Set.of());
        WeakReference<ModuleLayer> layer =
                discoverAndDrop(ModuleLayer.boot().defineModulesWithOneLoader(empty, null));
        awaitCollected(layer);
        assertNull(layer.get(), "the cache kept a dropped layer reachable");
    }

    private WeakReference<ModuleLayer> discoverAndDrop(ModuleLayer layer) {
        BackendSelector selector = discovery.forLayer(layer);
        assertSame(selector, discovery.forLayer(layer));
        return new WeakReference<>(layer);
    }

    private static void awaitCollected(WeakReference<?> ref) throws InterruptedException {
        for (int i = 0; i < 100 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
    }
}
