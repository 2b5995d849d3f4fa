package dev.nn.core.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.ProvisionException;
import com.google.inject.TypeLiteral;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import dev.nn.api.spi.InitializerProvider;
import dev.nn.api.spi.NamedProviders;
import org.junit.jupiter.api.Test;

class NnModuleTest {
    /** An application class that receives the backend by constructor injection. */
    static final class Trainer {
        final Backend backend;

        @Inject
        Trainer(Backend backend) {
            this.backend = backend;
        }
    }

    @Test
    void bindsOneSelectedBackendPerInjector() {
        Injector injector = Guice.createInjector(new NnModule("scalar", BackendConfig.defaults()));
        Backend b = injector.getInstance(Backend.class);
        assertEquals("scalar", b.name());
        assertSame(b, injector.getInstance(Trainer.class).backend);
    }

    @Test
    void bindsTheInitializerRegistry() {
        Injector injector = Guice.createInjector(new NnModule());
        var registry = injector.getInstance(Key.get(new TypeLiteral<NamedProviders<InitializerProvider>>() { }));
        assertTrue(registry.all().values().stream().allMatch(p -> registry.find(p.name()) == p));
    }

    @Test
    void anUnknownBackendFailsWithTheRegistryMessage() {
        Injector injector = Guice.createInjector(new NnModule("nope", BackendConfig.defaults()));
        var e = assertThrows(ProvisionException.class, () -> injector.getInstance(Backend.class));
        assertTrue(e.getMessage().contains("No usable backend for request 'nope'"), e.getMessage());
    }
}
