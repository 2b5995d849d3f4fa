/** Float32 dense row-major tensors whose storage is owned by a backend. */
package dev.nn.api.tensor;
