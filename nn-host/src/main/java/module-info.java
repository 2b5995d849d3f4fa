/**
 * Host memory and the scalar reference kernels, exported so that every host backend (ours and a third party's)
 * allocates, reads and writes heap tensors the same way and reuses the scalar twins for the kernels it does not
 * accelerate. Also provides the {@code scalar} backend itself: the fallback and the oracle.
 *
 * @provides dev.nn.api.spi.BackendProvider
 */
module dev.nn.host {
    requires transitive dev.nn.api;

    exports dev.nn.host;
    exports dev.nn.host.scalar;

    provides dev.nn.api.spi.BackendProvider with dev.nn.host.internal.ScalarBackendProvider;
}
