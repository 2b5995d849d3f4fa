package dev.nn.api.spi;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;

/** A test-only backend provider whose backend is a Mockito mock answering its name. */
record TestProvider(String name, int priority, Availability probe) implements BackendProvider {
    static TestProvider available(String name, int priority) {
        return new TestProvider(name, priority, Availability.yes());
    }

    static TestProvider unavailable(String name, int priority, String reason) {
        return new TestProvider(name, priority, Availability.no(reason));
    }

    @Override
    public Backend create(BackendConfig config) {
        Backend backend = mock(Backend.class);
        when(backend.name()).thenReturn(name);
        return backend;
    }
}
