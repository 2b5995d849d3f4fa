/**
 * JMH benchmarks of nn's kernels through the {@link dev.nn.api.backend.Backend} SPI: each benchmark selects a
 * backend by name ({@code -p backend=scalar,cpu-simd}) with a thread count ({@code -p threads=1,2}) and times one
 * layer or kernel of {@code nn bench}'s cases on data it allocated once, so a timed operation reuses its buffers as
 * a training step does.
 */
package dev.nn.bench;
