/**
 * The scalar reference backend (the fallback and the oracle every other backend is tested against) and the
 * training core.
 *
 * @provides dev.nn.api.spi.BackendProvider
 */
@SuppressWarnings("module") // dev.nn.cpu.simd, the target of a qualified export, is compiled later
module dev.nn.core {
    requires transitive dev.nn.api;
    requires static com.google.guice;

    exports dev.nn.core.json;
    exports dev.nn.core.layer;
    exports dev.nn.core.loss;
    exports dev.nn.core.optim;
    exports dev.nn.core.state;
    exports dev.nn.core.data;
    exports dev.nn.core.train;
    exports dev.nn.core.inject;
    // the SIMD backend delegates the kernels it does not accelerate to their scalar twins
    exports dev.nn.core.scalar to dev.nn.cpu.simd;

    opens dev.nn.core.inject to com.google.guice;

    provides dev.nn.api.spi.BackendProvider with dev.nn.core.scalar.ScalarBackendProvider;
}
