/**
 * {@code nn bench}: this machine's limits (memory bandwidth, one core's FMA peak) and nn's kernels and training
 * steps measured against them in the same run, printed as ratios.
 */
package dev.nn.cli.bench;
