/**
 * An example third-party nn plugin, outside the framework's packages: the {@code scaled_orthogonal} initializer
 * the {@code power_norm} normalization and the {@code gemm64} backend (another backend with float64-accumulating matrix products).
 *
 * @provides dev.nn.api.spi.InitializerProvider
 * @provides dev.nn.api.spi.BackendProvider
 * @provides dev.nn.api.spi.NormalizationProvider
 */
module org.example.nnplugin {
    requires dev.nn.api;

    provides dev.nn.api.spi.InitializerProvider with org.example.nnplugin.ScaledOrthogonalProvider;
    provides dev.nn.api.spi.BackendProvider with org.example.nnplugin.Gemm64Provider;
    provides dev.nn.api.spi.NormalizationProvider with org.example.nnplugin.PowerNormProvider;
}
