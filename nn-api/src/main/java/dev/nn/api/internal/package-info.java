/**
 * Provider discovery shared by the facades ({@code Backends}, {@code Initializers}, {@code Normalizations}):
 * one {@link java.util.ServiceLoader} pass per module layer or class loader, cached, that keeps going past
 * providers that fail to load. Not exported.
 */
package dev.nn.api.internal;
