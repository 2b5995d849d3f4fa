package dev.nn.validate.trial;

import dev.nn.api.NnException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Chooses a {@link TrialRunner} explicitly, never by detection: by name from code, or from the system property
 * {@value #PROPERTY} (e.g. {@code -Dnn.trials=spark}); without either it is {@value LocalTrialRunner#NAME}. Runners
 * are the {@link TrialRunnerProvider}s {@link ServiceLoader} finds on the module path or the class path.
 */
public final class TrialRunners {
    /** The system property that names the runner when code does not. */
    public static final String PROPERTY = "nn.trials";

    private TrialRunners() {
    }

    /**
     * {@return the runner named by {@value #PROPERTY}, or the local one when the property is not set}
     *
     * @param settings the runner's settings, e.g. {@code parallelism=4}
     */
    public static TrialRunner open(Map<String, String> settings) {
        return open(selectedName(), settings);
    }

    /**
     * {@return a runner of the named kind}
     *
     * @param name a provider's name, e.g. {@code local} or {@code spark}
     * @param settings the runner's settings
     * @throws NnException when no installed provider has that name (listing those that are installed) or two do
     */
    public static TrialRunner open(String name, Map<String, String> settings) {
        return provider(name).open(Map.copyOf(settings));
    }

    /**
     * {@return the installed provider of that name}
     *
     * @param name a provider's name, e.g. {@code local} or {@code spark}
     * @throws NnException when no installed provider has that name (listing those that are installed) or two do
     */
    public static TrialRunnerProvider provider(String name) {
        Map<String, TrialRunnerProvider> installed = installed();
        TrialRunnerProvider provider = installed.get(name.strip().toLowerCase(java.util.Locale.ROOT));
        if (provider == null) {
            throw new NnException("Unknown trial runner '" + name + "'. Installed: "
                    + String.join(", ", installed.keySet()) + ". A runner is a module or jar that provides "
                    + TrialRunnerProvider.class.getName() + " (e.g. nn-spark for 'spark'): put it on the module or "
                    + "class path, or pick an installed one with --runner or -D" + PROPERTY);
        }
        return provider;
    }

    /** {@return the runner's name that {@link #open(Map)} uses: the property's value, or {@code local}} */
    public static String selectedName() {
        String named = System.getProperty(PROPERTY);
        return named == null || named.isBlank() ? LocalTrialRunner.NAME : named.strip();
    }

    /**
     * {@return the installed providers by name, sorted}
     *
     * @throws NnException when two providers share a name, naming both classes
     */
    public static Map<String, TrialRunnerProvider> installed() {
        Map<String, TrialRunnerProvider> byName = new TreeMap<>();
        for (TrialRunnerProvider p : ServiceLoader.load(TrialRunnerProvider.class)) {
            TrialRunnerProvider twin = byName.put(p.name(), p);
            if (twin != null) {
                throw new NnException("Two trial runners are named '" + p.name() + "': "
                        + twin.getClass().getName() + " and " + p.getClass().getName()
                        + "; remove one of their jars from the path");
            }
        }
        return byName;
    }
}
