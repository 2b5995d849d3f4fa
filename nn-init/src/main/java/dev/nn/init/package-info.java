/**
 * Initializers ({@link dev.nn.init.Init}), PyTorch's gain and fan rules ({@link dev.nn.init.Gain},
 * {@link dev.nn.init.Fans}, {@link dev.nn.init.Scales}), reproducible per-parameter streams
 * ({@link dev.nn.init.Seeds}), whole-model initialization by rules ({@link dev.nn.init.ModelInitializer}), the
 * symmetry lint ({@link dev.nn.init.InitLint}) and the per-layer report of a probe batch
 * ({@link dev.nn.init.InitReport}).
 */
package dev.nn.init;
