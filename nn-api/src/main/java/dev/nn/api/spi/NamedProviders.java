package dev.nn.api.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Providers of one kind indexed by name, rejecting duplicates, with the providers that failed to load.
 *
 * @param <P> the provider type
 */
public final class NamedProviders<P> {
    private final String kind;
    private final Map<String, P> byName;
    private final List<LoadFailure> failures;
    private final Map<String, String> homes;

    /**
     * Providers by name.
     *
     * @param kind what they provide, for messages ("backend", "initializer")
     * @param providers all providers found
     * @param name a provider's name
     * @throws DuplicateProviderException when two share a name
     */
    public NamedProviders(String kind, Iterable<? extends P> providers, Function<? super P, String> name) {
        this(kind, providers, name, List.of());
    }

    /**
     * Providers by name, remembering those that failed to load.
     *
     * @param kind what they provide, for messages ("backend", "initializer")
     * @param providers all providers found
     * @param name a provider's name
     * @param failures the providers that were listed but failed to load, reported by {@link #find} when a name
     *        is unknown
     * @throws DuplicateProviderException when two share a name
     */
    public NamedProviders(String kind, Iterable<? extends P> providers, Function<? super P, String> name,
            List<LoadFailure> failures) {
        this(kind, providers, name, failures, Map.of());
    }

    /**
     * Providers by name, remembering those that failed to load and where well-known names live, so that asking a
     * small runtime for a name its modules lack says which module to add.
     *
     * @param kind what they provide, for messages ("backend", "initializer")
     * @param providers all providers found
     * @param name a provider's name
     * @param failures the providers that were listed but failed to load, reported by {@link #find} when a name
     *        is unknown
     * @param homes the module that provides each well-known name (e.g. {@code batch_norm} to {@code dev.nn.norm}),
     *        named by {@link #find} when such a name is not installed
     * @throws DuplicateProviderException when two share a name
     */
    public NamedProviders(String kind, Iterable<? extends P> providers, Function<? super P, String> name,
            List<LoadFailure> failures, Map<String, String> homes) {
        this.kind = kind;
        this.failures = List.copyOf(failures);
        this.homes = Map.copyOf(homes);
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
     * {@return the provider}
     *
     * @param name the requested name
     * @throws ProviderNotFoundException listing the available names and the providers that failed to load
     */
    public P find(String name) {
        P p = byName.get(name);
        if (p == null) {
            String hint = names().isEmpty() ? "none are installed (add the module that provides them)"
                    : "Available: " + String.join(", ", names());
            throw new ProviderNotFoundException("Unknown " + kind + " '" + name + "'. " + hint + homeHint(name)
                    + failureList());
        }
        return p;
    }

    /** {@return the providers that were listed but failed to load, in discovery order; empty when all loaded} */
    public List<LoadFailure> failures() {
        return failures;
    }

    /** {@return every provider by name, in discovery order} */
    public Map<String, P> all() {
        return byName;
    }

    /** {@return the names, sorted} */
    public SortedSet<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    private String homeHint(String name) {
        String module = homes.get(name);
        return module == null ? "" : ". '" + name + "' is provided by module " + module + ": add it to the module path,"
                + " or to the image (jlink --add-modules " + module + ")";
    }

    private String failureList() {
        if (failures.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n").append(failures.size()).append(' ').append(kind)
                .append(failures.size() == 1 ? " provider" : " providers")
                .append(" failed to load (the name may be one of theirs):");
        for (LoadFailure f : failures) {
            sb.append("\n  ").append(f.reason());
        }
        return sb.toString();
    }

    /**
     * {@return its module and class, e.g. {@code module dev.nn.host (dev.nn.host.internal.ScalarBackendProvider)}}
     *
     * @param provider a provider instance
     */
    public static String origin(Object provider) {
        Module m = provider.getClass().getModule();
        String where = m.isNamed() ? "module " + m.getName() : "class path";
        return where + " (" + provider.getClass().getName() + ")";
    }
}
