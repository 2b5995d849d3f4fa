/** Optimizers with PyTorch's update rules, each a fused backend kernel per parameter. */
package dev.nn.core.optim;
