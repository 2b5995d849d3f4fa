/**
 * Test-only providers, working and broken, that {@code dev.nn.api.testing.PluginLayer} serves as a module of
 * their own ({@code provides} in a generated descriptor) and that {@code META-INF/services} lists for the
 * class-path test. The broken ones fail the ways a real plugin does: a constructor or static initializer that
 * throws, no public no-arg constructor, and (listed, never written) {@code MissingBackendProvider} and
 * {@code MissingInitializerProvider}.
 */
package dev.nn.api.testplugin;
