package dev.nn.api.spi;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import java.lang.reflect.Proxy;

/**
 * A backend provider registered only in {@code META-INF/services}, to prove class-path discovery. Its backend is a
 * dynamic proxy (Mockito is not on the forked JVM's class path) that only answers {@code name()}.
 */
public final class ProxyBackendProvider implements BackendProvider {
    /** Public no-arg constructor, as class-path {@code ServiceLoader} requires. */
    public ProxyBackendProvider() {
    }

    @Override
    public String name() {
        return "classpath-test";
    }

    @Override
    public int priority() {
        return 7;
    }

    @Override
    public Availability probe() {
        return Availability.yes();
    }

    @Override
    public Backend create(BackendConfig config) {
        return backendNamed(name());
    }

    /**
     * @param name what its {@code name()} answers
     * @return a backend without kernels, for tests of discovery and selection (also used by the test plugin layer)
     */
    public static Backend backendNamed(String name) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("name")) {
                        return name;
                    }
                    throw new UnsupportedOperationException("test proxy backend has no kernels: " + method.getName());
                });
    }
}
