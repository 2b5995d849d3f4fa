package dev.nn.api.backend;

import dev.nn.api.spi.BackendProvider;
import dev.nn.api.spi.BackendSelector;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds and creates backends. Lookup: an explicit name in code ({@link #select(String)}) wins; otherwise the
 * {@code nn.backend} system property, then the {@code NN_BACKEND} environment variable; otherwise the available
 * provider with the highest priority. A request may list several names, tried in order.
 */
public final class Backends {
    private Backends() {
    }

    /** @return the backend chosen by property, environment or priority, with default settings */
    public static Backend select() {
        return select(BackendConfig.defaults());
    }

    /**
     * @param config settings for the created backend
     * @return the backend chosen by property, environment or priority
     */
    public static Backend select(BackendConfig config) {
        String property = System.getProperty(BackendSelector.PROPERTY);
        if (property != null && !property.isBlank()) {
            return selector().select(property, BackendSelector.PROPERTY + "=" + property, config);
        }
        String env = System.getenv(BackendSelector.ENVIRONMENT);
        if (env != null && !env.isBlank()) {
            return selector().select(env, BackendSelector.ENVIRONMENT + "=" + env, config);
        }
        return selector().select(null, "priority", config);
    }

    /**
     * @param names a name or comma list, e.g. {@code cuda,cpu-simd}; the first usable one is created
     * @return the backend
     */
    public static Backend select(String names) {
        return select(names, BackendConfig.defaults());
    }

    /**
     * @param names a name or comma list; the first usable one is created
     * @param config settings for the created backend
     * @return the backend
     */
    public static Backend select(String names, BackendConfig config) {
        return selector().select(names, "request '" + names + "'", config);
    }

    /** @return every installed backend with its priority and availability, highest priority first */
    public static List<BackendSelector.Status> statuses() {
        return selector().statuses();
    }

    private static BackendSelector selector() {
        return new BackendSelector(ServiceLoader.load(BackendProvider.class));
    }
}
