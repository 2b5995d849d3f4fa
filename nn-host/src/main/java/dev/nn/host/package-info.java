/**
 * Host memory shared by the host backends: heap tensors ({@link dev.nn.api.tensor.HostStorage}) allocated, read,
 * written and copied in one way, so tensors pass between host backends without a copy.
 */
package dev.nn.host;
