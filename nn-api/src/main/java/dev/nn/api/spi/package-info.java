/**
 * The three plugin kinds and their discovery.
 *
 * <p>Lookup, for every kind: {@link java.util.ServiceLoader} finds providers declared with {@code provides} in
 * named modules and listed in {@code META-INF/services} on the class path. Two providers with one name are an
 * error naming both. Backends are then selected (see {@link dev.nn.api.backend.Backends}): an explicit choice in
 * code, else the {@code nn.backend} system property, else the {@code NN_BACKEND} environment variable, else the
 * available provider with the highest {@link BackendProvider#priority()} (ties broken by name).
 */
package dev.nn.api.spi;
