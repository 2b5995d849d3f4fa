/**
 * The {@code cpu-simd} backend. {@link dev.nn.cpu.simd.SimdBackendProvider} never touches vector types: it probes
 * for {@code jdk.incubator.vector} first and only then loads the kernel classes. Every kernel has a scalar twin in
 * {@code dev.nn.host.scalar}, the reference it is tested against.
 */
package dev.nn.cpu.simd;
