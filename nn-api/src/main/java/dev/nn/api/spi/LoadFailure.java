package dev.nn.api.spi;

import java.util.Objects;

/**
 * A provider that {@link java.util.ServiceLoader} listed but could not load or instantiate: its class is missing,
 * is not public, has no public no-arg constructor, or its constructor or static initializer threw. Discovery
 * skips it, keeps every other provider, and reports it through the registries ({@link NamedProviders#failures()},
 * {@link BackendSelector#statuses()}) and their "not found" errors.
 *
 * @param service the SPI, e.g. {@code dev.nn.api.spi.BackendProvider}
 * @param providerClass the provider class as listed, or {@link #UNKNOWN_CLASS} when the error does not name it
 * @param origin where it is listed, e.g. {@code module com.acme.cuda (file:/opt/acme-cuda.jar)} or
 *        {@code class path (listed in jar:file:/opt/acme.jar!/META-INF/services/dev.nn.api.spi.BackendProvider)}
 * @param error what went wrong, with its causes, e.g. {@code Provider com.acme.CudaProvider could not be
 *        instantiated; caused by java.lang.IllegalStateException: no driver}
 */
public record LoadFailure(String service, String providerClass, String origin, String error) {
    /** {@link #providerClass()} when the error does not say which class failed. */
    public static final String UNKNOWN_CLASS = "(unknown class)";
    /** What to do about any provider that fails to load. */
    public static final String FIX = "remove the jar or module that provides it, or fix the plugin";

    /** Requires every component. */
    public LoadFailure {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(providerClass, "providerClass");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(error, "error");
    }

    /**
     * {@return the provider class's simple name (its name is unknown: it never ran), for the first column of
     * tables}
     */
    public String label() {
        return providerClass.substring(Math.max(providerClass.lastIndexOf('.'), providerClass.lastIndexOf('$')) + 1);
    }

    /**
     * {@return one line with what failed, where it comes from, why and the fix: {@code failed to load:
     * com.acme.CudaProvider (module com.acme.cuda (file:/opt/acme-cuda.jar)): Provider ... could not be instantiated;
     * caused by ... Fix: remove the jar or module that provides it, or fix the plugin}}
     */
    public String reason() {
        return "failed to load: " + providerClass + " (" + origin + "): " + error + ". Fix: " + FIX;
    }
}
