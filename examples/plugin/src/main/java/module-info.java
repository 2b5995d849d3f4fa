/**
 * An example third-party nn plugin, outside the framework's packages: the {@code scaled_orthogonal} initializer
 * and the {@code gemm64} backend (another backend with float64-accumulating matrix products).
 *
 * @provides dev.nn.api.spi.InitializerProvider
 * @provides dev.nn.api.spi.BackendProvider
 */
module org.example.nnplugin {
    requires dev.nn.api;

    provides dev.nn.api.spi.InitializerProvider with org.example.nnplugin.ScaledOrthogonalProvider;
    provides dev.nn.api.spi.BackendProvider with org.example.nnplugin.Gemm64Provider;
}
