package dev.nn.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamedProvidersTest {
    private static final LoadFailure BROKEN = new LoadFailure(InitializerProvider.class.getName(), "com.acme.Broken",
            "module com.acme (file:/opt/acme.jar)", "Provider com.acme.Broken could not be instantiated; caused by "
                    + "java.lang.IllegalStateException: boom");

    @Test
    void unknownNameWithEverythingLoadedListsTheNames() {
        var registry = new NamedProviders<>("initializer", List.of("zeros", "kaiming-normal"), s -> s);
        var e = assertThrows(ProviderNotFoundException.class, () -> registry.find("xaviar"));
        assertEquals("Unknown initializer 'xaviar'. Available: kaiming-normal, zeros", e.getMessage());
        assertEquals(List.of(), registry.failures());
    }

    @Test
    void aWellKnownNameThatIsNotInstalledNamesTheModuleToAdd() {
        var registry = new NamedProviders<>("normalization", List.of("plugin_identity"), s -> s, List.of(),
                java.util.Map.of("batch_norm", "dev.nn.norm"));
        var e = assertThrows(ProviderNotFoundException.class, () -> registry.find("batch_norm"));
        assertEquals("Unknown normalization 'batch_norm'. Available: plugin_identity. 'batch_norm' is provided by"
                + " module dev.nn.norm: add it to the module path, or to the image (jlink --add-modules dev.nn.norm)",
                e.getMessage());
        var other = assertThrows(ProviderNotFoundException.class, () -> registry.find("batch_nrom"));
        assertEquals("Unknown normalization 'batch_nrom'. Available: plugin_identity", other.getMessage());
    }

    @Test
    void unknownNameListsTheProvidersThatFailedToLoad() {
        var registry = new NamedProviders<>("initializer", List.of("zeros"), s -> s, List.of(BROKEN));
        var e = assertThrows(ProviderNotFoundException.class, () -> registry.find("acme"));
        assertEquals("""
                Unknown initializer 'acme'. Available: zeros
                1 initializer provider failed to load (the name may be one of theirs):
                  failed to load: com.acme.Broken (module com.acme (file:/opt/acme.jar)): Provider com.acme.Broken \
                could not be instantiated; caused by java.lang.IllegalStateException: boom. Fix: remove the jar or \
                module that provides it, or fix the plugin""", e.getMessage());
        assertEquals("zeros", registry.find("zeros"));
        assertEquals(List.of(BROKEN), registry.failures());
    }

    @Test
    void unknownNameWhenNothingLoadedStillSaysWhatFailed() {
        var registry = new NamedProviders<String>("normalization", List.of(), s -> s, List.of(BROKEN, BROKEN));
        var e = assertThrows(ProviderNotFoundException.class, () -> registry.find("batch_norm"));
        assertEquals(List.of("Unknown normalization 'batch_norm'. none are installed (add the module that provides "
                        + "them)", "2 normalization providers failed to load (the name may be one of theirs):"),
                e.getMessage().lines().limit(2).toList());
        assertEquals(4, e.getMessage().lines().count());
    }

    @Test
    void labelIsTheSimpleNameOfTheClass() {
        assertEquals("Broken", BROKEN.label());
        assertEquals("Inner", new LoadFailure("s", "com.acme.Outer$Inner", "o", "e").label());
        assertEquals(LoadFailure.UNKNOWN_CLASS, new LoadFailure("s", LoadFailure.UNKNOWN_CLASS, "o", "e").label());
    }
}
