/** By-name lookup of normalization layers found through {@code ServiceLoader}. */
package dev.nn.api.norm;
