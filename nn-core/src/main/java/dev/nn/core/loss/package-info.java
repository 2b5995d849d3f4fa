/** Loss functions with PyTorch's definitions and reductions, each fused with its gradient. */
package dev.nn.core.loss;
