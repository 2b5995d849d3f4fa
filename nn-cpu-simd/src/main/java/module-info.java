/**
 * The {@code cpu-simd} backend: GEMM, convolution, elementwise, reduction, optimizer and normalization kernels written
 * with the Vector API and run on a pool of worker threads. Results do not depend on the number of threads. Kernels it
 * does not accelerate run on their scalar twins in {@code dev.nn.host}. Exports nothing.
 *
 * @provides dev.nn.api.spi.BackendProvider
 */
module dev.nn.cpu.simd {
    requires dev.nn.api;
    requires dev.nn.host;
    requires jdk.incubator.vector;

    provides dev.nn.api.spi.BackendProvider with dev.nn.cpu.simd.SimdBackendProvider;
}
