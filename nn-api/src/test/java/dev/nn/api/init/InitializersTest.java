package dev.nn.api.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.LoadFailure;
import dev.nn.api.spi.NamedProviders;
import dev.nn.api.spi.Params;
import dev.nn.api.spi.ProviderNotFoundException;
import dev.nn.api.testing.PluginLayer;
import dev.nn.api.testplugin.ConstructorThrowsInitializerProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Initializers of a plugin layer whose module provides a broken, a missing and a working initializer. */
class InitializersTest {
    @Test
    void theWorkingProviderIsFoundBesideTheBrokenOnes() {
        NamedProviders<InitializerProvider> registry = Initializers.registry(PluginLayer.create());
        assertEquals(List.of("plugin_fill"), List.copyOf(registry.names()));
        assertNotNull(registry.find("plugin_fill").create(Params.of("value", 2.0)));
        assertEquals(List.of(ConstructorThrowsInitializerProvider.class.getName(), PluginLayer.MISSING_INITIALIZER),
                registry.failures().stream().map(LoadFailure::providerClass).toList());
    }

    @Test
    void anUnknownNameListsTheProvidersThatFailedToLoadWithTheirErrors() {
        NamedProviders<InitializerProvider> registry = Initializers.registry(PluginLayer.create());
        var e = assertThrows(ProviderNotFoundException.class, () -> registry.find("broken_fill"));
        List<String> lines = e.getMessage().lines().toList();
        assertEquals("Unknown initializer 'broken_fill'. Available: plugin_fill", lines.get(0));
        assertEquals("2 initializer providers failed to load (the name may be one of theirs):", lines.get(1));
        assertTrue(lines.get(2).startsWith("  failed to load: " + ConstructorThrowsInitializerProvider.class.getName()
                + " (module " + PluginLayer.MODULE + " (file:"), lines.get(2));
        assertTrue(lines.get(2).endsWith("): Provider " + ConstructorThrowsInitializerProvider.class.getName()
                + " could not be instantiated; caused by java.lang.IllegalStateException: "
                + ConstructorThrowsInitializerProvider.MESSAGE
                + ". Fix: remove the jar or module that provides it, or fix the plugin"), lines.get(2));
        assertTrue(lines.get(3).startsWith("  failed to load: " + PluginLayer.MISSING_INITIALIZER + " (module "),
                lines.get(3));
        assertTrue(lines.get(3).contains("Provider " + PluginLayer.MISSING_INITIALIZER + " not found"), lines.get(3));
        assertEquals(4, lines.size(), e.getMessage());
    }

    @Test
    void registriesAreDiscoveredOncePerLayerAndPerClassLoader() {
        ModuleLayer layer = PluginLayer.create();
        assertSame(Initializers.registry(layer), Initializers.registry(layer));
        assertSame(Initializers.registry(), Initializers.registry());
    }
}
