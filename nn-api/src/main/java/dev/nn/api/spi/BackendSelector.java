package dev.nn.api.spi;

import dev.nn.api.NnException;
import dev.nn.api.backend.Backend;
import dev.nn.api.backend.BackendConfig;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses a backend among a fixed set of providers; {@link dev.nn.api.backend.Backends} feeds it what
 * {@code ServiceLoader} found, including the providers that failed to load. Rules: a request (explicit, else
 * property, else environment) is a comma list tried in order, and none usable is an error, never a silent
 * fallback; without a request the highest priority that probes available wins (ties by name). Providers that
 * failed to load are never selected; they are listed as unavailable, with the error and the fix. Each distinct
 * choice is logged (INFO) once per selector: opening the same backend again, e.g. once per cross-validation trial,
 * is not news.
 */
public final class BackendSelector {
    /** System property naming the backend(s). */
    public static final String PROPERTY = "nn.backend";
    /** Environment variable naming the backend(s), read when the property is absent. */
    public static final String ENVIRONMENT = "NN_BACKEND";

    private static final System.Logger LOG = System.getLogger(BackendSelector.class.getName());
    /** The selection notices already logged: a choice repeated (a backend per trial) is not news. */
    private final Set<String> told = ConcurrentHashMap.newKeySet();
    /** Where our own backends live, for "not installed" hints; only modules this project builds are named. */
    private static final Map<String, String> KNOWN_MODULES =
            Map.of("scalar", "dev.nn.host", "cpu-simd", "dev.nn.cpu.simd");

    private final NamedProviders<BackendProvider> providers;

    /**
     * A selector over the providers found.
     *
     * @param providers every provider found
     * @throws DuplicateProviderException when two share a name
     */
    public BackendSelector(Iterable<? extends BackendProvider> providers) {
        this(providers, List.of());
    }

    /**
     * A selector over the providers found, remembering those that failed to load for its error messages.
     *
     * @param providers every provider found
     * @param failures the providers that were listed but failed to load
     * @throws DuplicateProviderException when two share a name
     */
    public BackendSelector(Iterable<? extends BackendProvider> providers, List<LoadFailure> failures) {
        this.providers = new NamedProviders<>("backend", providers, BackendProvider::name, failures);
    }

    /**
     * One provider's standing.
     *
     * @param name the provider's name; for a provider that failed to load, its class's simple name
     * @param priority its priority; {@link #NOT_LOADED} for a provider that failed to load
     * @param availability whether it can run, and why not
     * @param origin module and class
     */
    public record Status(String name, int priority, Availability availability, String origin) {
        /** The priority of a provider that failed to load: it has none, and sorts last. */
        public static final int NOT_LOADED = Integer.MIN_VALUE;

        static Status of(LoadFailure f) {
            return new Status(f.label(), NOT_LOADED, Availability.no(f.reason()),
                    f.origin() + " (" + f.providerClass() + ")");
        }
    }

    /**
     * {@return every provider, highest priority first, with its probe result; then every provider that failed to load,
     * unavailable, with the error and the fix}
     */
    public List<Status> statuses() {
        List<Status> out = new ArrayList<>();
        for (BackendProvider p : byPriority()) {
            out.add(new Status(p.name(), p.priority(), probe(p), NamedProviders.origin(p)));
        }
        for (LoadFailure f : providers.failures()) {
            out.add(Status.of(f));
        }
        return out;
    }

    /** {@return the providers that were listed but failed to load, in discovery order; empty when all loaded} */
    public List<LoadFailure> failures() {
        return providers.failures();
    }

    /**
     * {@return the backend the system property {@value #PROPERTY}, else the environment variable
     * {@value #ENVIRONMENT}, else the priority order chooses}
     *
     * @param config settings for the created backend
     * @throws ProviderNotFoundException when nothing requested is usable
     */
    public Backend selectConfigured(BackendConfig config) {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return select(property, PROPERTY + "=" + property, config);
        }
        String env = System.getenv(ENVIRONMENT);
        if (env != null && !env.isBlank()) {
            return select(env, ENVIRONMENT + "=" + env, config);
        }
        return select(null, "priority", config);
    }

    /**
     * {@return the created backend}
     *
     * @param request a comma list of names, or null/blank for automatic selection
     * @param source where the request came from, for messages (e.g. {@code nn.backend=cuda})
     * @param config settings for the created backend
     * @throws ProviderNotFoundException when nothing requested is usable
     */
    public Backend select(String request, String source, BackendConfig config) {
        if (request == null || request.isBlank()) {
            return selectByPriority(config);
        }
        List<Row> reasons = new ArrayList<>();
        for (String raw : request.split(",")) {
            String name = raw.strip();
            BackendProvider p = providers.all().get(name);
            if (p == null) {
                reasons.add(new Row(name, "not installed" + installHint(name)));
                continue;
            }
            Availability a = probe(p);
            if (!a.available()) {
                reasons.add(new Row(name, "unavailable: " + a.reason()));
                continue;
            }
            Backend backend = create(p, config);
            tell("Backend '" + name + "' selected by " + source);
            return backend;
        }
        throw new ProviderNotFoundException("No usable backend for " + source + "\n" + table(reasons)
                + "\nInstalled backends:\n" + statusTable()
                + "\nFix: request an available backend, or add the module that provides the one you asked for");
    }

    private Backend selectByPriority(BackendConfig config) {
        List<Row> skipped = new ArrayList<>();
        for (BackendProvider p : byPriority()) {
            Availability a = probe(p);
            if (!a.available()) {
                skipped.add(new Row(p.name(), "unavailable: " + a.reason()));
                continue;
            }
            try {
                Backend backend = p.create(config);
                tell("Backend '" + p.name() + "' selected (highest priority available)" + (skipped.isEmpty() ? ""
                        : "; skipped: " + String.join("; ", skipped.stream().map(r -> r.label() + " " + r.text())
                        .toList())));
                return backend;
            } catch (RuntimeException e) {
                // Automatic choice: a backend that fails to start is skipped loudly, the next one is tried.
                LOG.log(Level.WARNING, "Backend ''{0}'' failed to start and was skipped: {1}", p.name(), e);
                skipped.add(new Row(p.name(), "failed to start: " + e));
            }
        }
        for (LoadFailure f : providers.failures()) {
            skipped.add(new Row(f.label(), f.reason()));
        }
        throw new ProviderNotFoundException("No usable backend\n"
                + (skipped.isEmpty() ? "  none installed" : table(skipped))
                + "\nFix: add dev.nn.core (the scalar backend, always available) to the module or class path");
    }

    /** Logs a selection notice (INFO) the first time this selector makes that choice. */
    private void tell(String notice) {
        if (told.add(notice)) {
            LOG.log(Level.INFO, notice);
        }
    }

    private static Backend create(BackendProvider p, BackendConfig config) {
        try {
            return p.create(config);
        } catch (RuntimeException e) {
            throw new NnException("Backend '" + p.name() + "' probed available but failed to start: " + e
                    + ". Choose another backend with -D" + PROPERTY + "=NAME", e);
        }
    }

    private List<BackendProvider> byPriority() {
        return providers.all().values().stream()
                .sorted(Comparator.comparingInt(BackendProvider::priority).reversed()
                        .thenComparing(BackendProvider::name))
                .toList();
    }

    private static Availability probe(BackendProvider p) {
        try {
            return p.probe();
        } catch (RuntimeException e) {
            return Availability.no("probe failed: " + e);   // a misbehaving provider never breaks selection
        }
    }

    private String installHint(String name) {
        String module = KNOWN_MODULES.get(name);
        String hint = module != null ? " (add module " + module + ")"
                : " (no provider has this name; installed: " + String.join(", ", providers.names())
                        + "; a plugin module that provides " + BackendProvider.class.getName() + " named '" + name
                        + "' must be on the module path)";
        int failed = providers.failures().size();
        return failed == 0 ? hint : hint + "; or its provider is " + (failed == 1 ? "the one" : "one of the " + failed)
                + " that failed to load, listed below";
    }

    private String statusTable() {
        List<Row> rows = new ArrayList<>();
        for (BackendProvider p : byPriority()) {
            Availability a = probe(p);
            rows.add(new Row(p.name(), a.available() ? "available" : "unavailable: " + a.reason()));
        }
        for (LoadFailure f : providers.failures()) {
            rows.add(new Row(f.label(), f.reason()));
        }
        return rows.isEmpty() ? "  none" : table(rows);
    }

    /** One line of a message table: a backend (or failed provider class) and what became of it. */
    private record Row(String label, String text) {
    }

    private static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        for (Row row : rows) {
            sb.append(String.format("  %-9s %s%n", row.label(), row.text()));   // a long label still gets a space
        }
        return sb.toString().stripTrailing();
    }
}
