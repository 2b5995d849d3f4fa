/**
 * The three plugin kinds and their discovery.
 *
 * <p>Lookup, for every kind: {@link java.util.ServiceLoader} finds providers declared with {@code provides} in
 * named modules and listed in {@code META-INF/services} on the class path, once per class loader (the thread's
 * context class loader) or module layer; the facades cache what it found. A provider that fails to load (its
 * class is missing or not public, it has no public no-arg constructor, its constructor or static initializer
 * throws) is skipped and logged once; the others still work, and it is reported as a {@link LoadFailure}: listed as
 * unavailable among the backends, and in the error for an unknown name. Two providers with one name are an
 * error naming both. Backends are then selected (see {@link dev.nn.api.backend.Backends}): an explicit choice in
 * code, else the {@code nn.backend} system property, else the {@code NN_BACKEND} environment variable, else the
 * available provider with the highest {@link BackendProvider#priority()} (ties broken by name).
 */
package dev.nn.api.spi;
