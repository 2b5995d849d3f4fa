/**
 * Normalization layers: BatchNorm (1d/2d/3d as one {@code (N, C, *)} layer), LayerNorm, GroupNorm, InstanceNorm
 * and RMSNorm with PyTorch's semantics; running statistics; BatchNorm folding into a preceding Linear/Conv for
 * inference; activation-statistics reports.
 *
 * @provides dev.nn.api.spi.NormalizationProvider
 */
module dev.nn.norm {
    requires transitive dev.nn.api;

    exports dev.nn.norm;

    provides dev.nn.api.spi.NormalizationProvider with
            dev.nn.norm.internal.BatchNormProvider,
            dev.nn.norm.internal.LayerNormProvider,
            dev.nn.norm.internal.GroupNormProvider,
            dev.nn.norm.internal.InstanceNormProvider,
            dev.nn.norm.internal.RmsNormProvider;
}
