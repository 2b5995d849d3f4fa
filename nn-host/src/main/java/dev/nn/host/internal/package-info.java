/** The {@code scalar} backend's provider; not exported. */
package dev.nn.host.internal;
