/**
 * The {@code scalar} backend: plain, obviously correct Java loops over heap arrays. It is the reference every
 * other backend is checked against, so clarity wins over speed where they conflict.
 */
package dev.nn.host.scalar;
