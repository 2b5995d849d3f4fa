package dev.nn.api.norm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.api.spi.NamedProviders;
import dev.nn.api.spi.NormalizationProvider;
import dev.nn.api.spi.ProviderNotFoundException;
import dev.nn.api.testing.PluginLayer;
import dev.nn.api.testplugin.StaticInitThrowsNormalizationProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Normalizations of a plugin layer whose module provides one whose static initializer throws, and one that works. */
class NormalizationsTest {
    @Test
    void aProviderWhoseStaticInitializerThrowsIsReportedAndTheOtherWorks() {
        NamedProviders<NormalizationProvider> registry = Normalizations.registry(PluginLayer.create());
        assertEquals(List.of("plugin_identity"), List.copyOf(registry.names()));
        assertEquals("plugin_identity", registry.find("plugin_identity").name());

        var e = assertThrows(ProviderNotFoundException.class, () -> registry.find("batch_norm"));
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(List.of("Unknown normalization 'batch_norm'. Available: plugin_identity. 'batch_norm' is"
                + " provided by module dev.nn.norm: add it to the module path, or to the image (jlink --add-modules"
                + " dev.nn.norm)",
                "1 normalization provider failed to load (the name may be one of theirs):"), lines.subList(0, 2));
        assertTrue(lines.get(2).startsWith("  failed to load: "
                + StaticInitThrowsNormalizationProvider.class.getName() + " (module " + PluginLayer.MODULE),
                lines.get(2));
        assertTrue(lines.get(2).contains("could not be instantiated; caused by java.lang.ExceptionInInitializerError; "
                + "caused by java.lang.IllegalStateException: " + StaticInitThrowsNormalizationProvider.MESSAGE
                + ". Fix: "), lines.get(2));
    }

    @Test
    void registriesAreDiscoveredOncePerLayerAndPerClassLoader() {
        ModuleLayer layer = PluginLayer.create();
        assertSame(Normalizations.registry(layer), Normalizations.registry(layer));
        assertSame(Normalizations.registry(), Normalizations.registry());
    }
}
