/**
 * Layers of the training core with PyTorch semantics and default initialization. Each runs on the backend that
 * owns its input and keeps what its backward pass needs from the last forward pass.
 */
package dev.nn.core.layer;
