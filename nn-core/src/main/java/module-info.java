/**
 * The scalar reference backend (the fallback and the oracle every other backend is tested against) and the
 * training core.
 *
 * @provides dev.nn.api.spi.BackendProvider
 */
module dev.nn.core {
    requires transitive dev.nn.api;

    exports dev.nn.core.json;

    provides dev.nn.api.spi.BackendProvider with dev.nn.core.scalar.ScalarBackendProvider;
}
