/** {@code NormalizationProvider}s for the layers of {@code dev.nn.norm}; not exported. */
package dev.nn.norm.internal;
