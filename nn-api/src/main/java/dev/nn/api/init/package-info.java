/** The initializer contract and by-name lookup of initializers found through {@code ServiceLoader}. */
package dev.nn.api.init;
