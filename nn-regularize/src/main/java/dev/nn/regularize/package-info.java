/**
 * Regularization layers and parameter penalties with PyTorch's (and, where PyTorch has none, Keras's) semantics.
 *
 * <p>Dropout layers are active only in {@link dev.nn.api.layer.Mode#TRAIN}; in eval mode, and for {@code p = 0},
 * they return their input. Their random draws come from a {@link dev.nn.regularize.NoiseSource}: one seed per
 * model, one stream per layer, one key per training step, so masks are reproducible and independent of the
 * backend, its thread count and how it chunks the work. Their outputs and input gradients live in buffers each layer
 * reuses from step to step (the Caffe/cuDNN model), so a steady-state training step allocates nothing on the backend
 * and reads nothing back to the host; what a call returns stays valid until the layer's next call of that method.
 *
 * <p>Penalties work on named {@link dev.nn.api.layer.Parameter}s ({@code layer.namedParameters()}); by default
 * they touch weights only and leave biases and normalization parameters alone (see
 * {@link dev.nn.regularize.ParameterGroups}). Adding their gradients stays on the backend; their {@code value}
 * is a host read, for reports beside the loss.
 */
package dev.nn.regularize;
