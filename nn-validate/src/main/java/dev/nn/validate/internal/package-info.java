/** Providers of nn-validate's SPIs; not exported. */
package dev.nn.validate.internal;
