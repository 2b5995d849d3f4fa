/** The training loop, its callbacks (progress, metrics, checkpoints, NaN guard) and the per-epoch history. */
package dev.nn.core.train;
