/**
 * Optional Guice wiring: {@link dev.nn.core.inject.NnModule} binds the selected backend and the
 * {@code ServiceLoader} registries. The only package of nn that touches Guice; the module reads Guice
 * {@code static}, so applications without Guice never load it.
 */
package dev.nn.core.inject;
