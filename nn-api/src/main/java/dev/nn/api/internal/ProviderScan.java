package dev.nn.api.internal;

import dev.nn.api.spi.LoadFailure;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one pass over a {@link java.util.ServiceLoader} found: the providers that loaded and the ones that failed.
 * A provider that fails to load never stops the pass; it is recorded, logged once (WARNING, one line; the stack
 * trace at DEBUG) and skipped.
 *
 * @param <S> the service type
 * @param providers the instantiated providers, in discovery order
 * @param failures the providers that failed to load, in discovery order
 */
public record ProviderScan<S>(List<S> providers, List<LoadFailure> failures) {
    /** Failures after which a pass gives up, so that a loader failing without end cannot hang discovery. */
    static final int MAX_FAILURES = 100;
    /** Identical errors in a row after which a pass gives up: the iterator is not moving on. */
    static final int MAX_REPEATS = 3;

    private static final System.Logger LOG = System.getLogger(ProviderScan.class.getName());
    /** A qualified class name, as ServiceLoader's messages spell provider classes. */
    private static final Pattern CLASS_NAME = Pattern.compile("[\\w$]+(?:\\.[\\w$]+)+");
    /** {@code public static com.acme.Spi com.acme.Plugin.provider() failed}: the class is the method's owner. */
    private static final Pattern FACTORY = Pattern.compile("([\\w$]+(?:\\.[\\w$]+)+)\\.provider\\(\\)");

    /** Copies both lists. */
    public ProviderScan {
        providers = List.copyOf(providers);
        failures = List.copyOf(failures);
    }

    /**
     * Walks a {@code ServiceLoader} iterator to its end. Its {@code hasNext} and {@code next} throw
     * {@link ServiceConfigurationError} for a provider that cannot be loaded or instantiated and then go on with the
     * next one; the class-path lookup also lets a {@link LinkageError} through unwrapped (a class compiled for a
     * newer Java, a missing superclass). Both are recorded and the walk goes on. It stops early only when the
     * iterator throws one {@code ServiceConfigurationError} {@value #MAX_REPEATS} times in a row (it is not moving
     * on, e.g. the class path cannot be read) or after {@value #MAX_FAILURES} failures.
     *
     * @param <S> the service type
     * @param service the SPI
     * @param iterator {@code ServiceLoader.iterator()}
     * @param origin where a provider class is listed, for messages: its module and jar, or its
     *        {@code META-INF/services} file
     * @return the providers found and the failures
     */
    public static <S> ProviderScan<S> of(Class<S> service, Iterator<S> iterator, Function<String, String> origin) {
        return of(service, iterator, origin, LOG);
    }

    /** As {@link #of(Class, Iterator, Function)}, logging to {@code log}. */
    static <S> ProviderScan<S> of(Class<S> service, Iterator<S> iterator, Function<String, String> origin,
            System.Logger log) {
        List<S> providers = new ArrayList<>();
        List<LoadFailure> failures = new ArrayList<>();
        String previous = null;
        int repeats = 0;
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                providers.add(iterator.next());
                previous = null;
            } catch (ServiceConfigurationError | LinkageError e) {
                // Only a ServiceConfigurationError names the provider, so only its repetition means "not moving on";
                // several providers missing one library all fail with the same NoClassDefFoundError.
                String message = e instanceof ServiceConfigurationError ? String.valueOf(e) : null;
                if (message != null && message.equals(previous)) {
                    if (++repeats < MAX_REPEATS) {
                        continue;
                    }
                    LoadFailure last = failures.removeLast();
                    failures.add(new LoadFailure(last.service(), last.providerClass(), last.origin(), last.error()
                            + " (repeated " + MAX_REPEATS + " times: discovery of further "
                            + service.getSimpleName() + "s stopped here)"));
                    log.log(Level.WARNING, "Discovery of " + service.getName() + " stopped: ServiceLoader failed "
                            + MAX_REPEATS + " times in a row with " + message);
                    break;
                }
                previous = message;
                repeats = 1;
                LoadFailure failure = failure(service, e, origin);
                failures.add(failure);
                // One line at WARNING says what, where, why and the fix; the stack trace is for the plugin's author.
                log.log(Level.WARNING, "Skipped " + service.getSimpleName() + " " + failure.reason());
                log.log(Level.DEBUG, "Stack trace of the " + failure.providerClass() + " failure", e);
                if (failures.size() >= MAX_FAILURES) {
                    log.log(Level.WARNING, "Discovery of " + service.getName() + " stopped after " + MAX_FAILURES
                            + " providers failed to load");
                    break;
                }
            }
        }
        return new ProviderScan<>(providers, failures);
    }

    /**
     * @param service the SPI
     * @param e what {@code ServiceLoader} threw
     * @param origin where a provider class is listed
     * @return the failure, naming the class when the error does
     */
    static LoadFailure failure(Class<?> service, Throwable e, Function<String, String> origin) {
        String providerClass = providerClass(service, e);
        String where = providerClass.equals(LoadFailure.UNKNOWN_CLASS) ? "location unknown"
                : origin.apply(providerClass);
        return new LoadFailure(service.getName(), providerClass, where, error(service, e));
    }

    /**
     * @param service the SPI
     * @param e what {@code ServiceLoader} threw
     * @return the provider class its message names ("Provider com.acme.Plugin not found", "com.acme.Plugin Unable
     *         to get public no-arg constructor", ...), or {@link LoadFailure#UNKNOWN_CLASS}
     */
    static String providerClass(Class<?> service, Throwable e) {
        if (!(e instanceof ServiceConfigurationError)) {
            return LoadFailure.UNKNOWN_CLASS;   // a raw LinkageError names the class the JVM missed, maybe not ours
        }
        String detail = detail(service, e);
        Matcher factory = FACTORY.matcher(detail);
        if (factory.find()) {
            return factory.group(1);
        }
        for (String token : detail.split("\\s+")) {
            String candidate = token.replaceAll("[:,;]+$", "");
            if (CLASS_NAME.matcher(candidate).matches()) {
                return candidate;
            }
        }
        return LoadFailure.UNKNOWN_CLASS;
    }

    /**
     * @param service the SPI
     * @param e what {@code ServiceLoader} threw
     * @return its message without the service prefix, then each cause: {@code Provider com.acme.Plugin could not
     *         be instantiated; caused by java.lang.IllegalStateException: no driver}
     */
    static String error(Class<?> service, Throwable e) {
        StringBuilder sb = new StringBuilder(e instanceof ServiceConfigurationError ? detail(service, e)
                : String.valueOf(e));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(e);
        for (Throwable c = e.getCause(); c != null && seen.add(c); c = c.getCause()) {
            sb.append("; caused by ").append(c);
        }
        return sb.toString();
    }

    private static String detail(Class<?> service, Throwable e) {
        String message = String.valueOf(e.getMessage());
        String prefix = service.getName() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
