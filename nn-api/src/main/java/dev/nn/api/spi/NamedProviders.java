package dev.nn.api.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Providers of one kind indexed by name, rejecting duplicates.
 *
 * @param <P> the provider type
 */
public final class NamedProviders<P> {
    private final String kind;
    private final Map<String, P> byName;

    /**
     * @param kind what they provide, for messages ("backend", "initializer")
     * @param providers all providers found
     * @param name a provider's name
     * @throws DuplicateProviderException when two share a name
     */
    public NamedProviders(String kind, Iterable<? extends P> providers, Function<? super P, String> name) {
        this.kind = kind;
        Map<String, P> map = new LinkedHashMap<>();
        for (P p : providers) {
            P previous = map.putIfAbsent(name.apply(p), p);
            if (previous != null) {
                throw new DuplicateProviderException("Two " + kind + " providers are named '" + name.apply(p)
                        + "': " + origin(previous) + " and " + origin(p)
                        + ". Remove one of them from the module or class path");
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    /**
     * @param name the requested name
     * @return the provider
     * @throws ProviderNotFoundException listing the available names
     */
    public P find(String name) {
        P p = byName.get(name);
        if (p == null) {
            String hint = names().isEmpty() ? "none are installed (add the module that provides them)"
                    : "Available: " + String.join(", ", names());
            throw new ProviderNotFoundException("Unknown " + kind + " '" + name + "'. " + hint);
        }
        return p;
    }

    /** @return every provider by name, in discovery order */
    public Map<String, P> all() {
        return byName;
    }

    /** @return the names, sorted */
    public SortedSet<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    /**
     * @param provider a provider instance
     * @return its module and class, e.g. {@code module dev.nn.host (dev.nn.host.internal.ScalarBackendProvider)}
     */
    public static String origin(Object provider) {
        Module m = provider.getClass().getModule();
        String where = m.isNamed() ? "module " + m.getName() : "class path";
        return where + " (" + provider.getClass().getName() + ")";
    }
}
