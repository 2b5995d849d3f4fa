/**
 * An example third-party nn plugin, outside the framework's packages: the {@code scaled_orthogonal} initializer.
 *
 * @provides dev.nn.api.spi.InitializerProvider
 */
module org.example.nnplugin {
    requires dev.nn.api;

    provides dev.nn.api.spi.InitializerProvider with org.example.nnplugin.ScaledOrthogonalProvider;
}
