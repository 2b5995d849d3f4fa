/**
 * The compute backend contract: memory and fused kernels on backend-owned tensors. Every backend (scalar
 * reference, Vector API, CUDA) implements {@link dev.nn.api.backend.Backend}; layers call nothing else.
 */
package dev.nn.api.backend;
