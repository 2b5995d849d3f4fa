/** Layers with explicit forward and backward passes, their parameters and buffers, and the train/eval mode. */
package dev.nn.api.layer;
