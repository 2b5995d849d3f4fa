/**
 * The hub of nn: tensors, layers, parameters and the three plugin kinds with their discovery.
 *
 * <p>Depends on nothing but {@code java.base}. Feature modules and backends depend on this module,
 * never on each other.
 *
 * @uses dev.nn.api.spi.BackendProvider
 * @uses dev.nn.api.spi.InitializerProvider
 * @uses dev.nn.api.spi.NormalizationProvider
 */
module dev.nn.api {
    exports dev.nn.api;
    exports dev.nn.api.tensor;
    exports dev.nn.api.backend;
    exports dev.nn.api.layer;
    exports dev.nn.api.init;
    exports dev.nn.api.norm;
    exports dev.nn.api.spi;

    uses dev.nn.api.spi.BackendProvider;
    uses dev.nn.api.spi.InitializerProvider;
    uses dev.nn.api.spi.NormalizationProvider;
}
