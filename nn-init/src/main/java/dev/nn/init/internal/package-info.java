/** The initializer implementations and their {@code InitializerProvider}s; not exported. */
package dev.nn.init.internal;
