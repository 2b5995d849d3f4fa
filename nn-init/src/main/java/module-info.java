/**
 * Parameter initialization: PyTorch's {@code torch.nn.init} initializers and Keras' variance-scaling family found by
 * name through {@code Initializers.create}, {@code Gain} and {@code Fans}, rule-based initialization of a whole
 * model, the symmetry lint and the per-layer initialization report.
 *
 * @provides dev.nn.api.spi.InitializerProvider
 */
module dev.nn.init {
    requires transitive dev.nn.api;

    exports dev.nn.init;

    provides dev.nn.api.spi.InitializerProvider with
            dev.nn.init.internal.ConstantProvider,
            dev.nn.init.internal.DiracProvider,
            dev.nn.init.internal.EyeProvider,
            dev.nn.init.internal.KaimingNormalProvider,
            dev.nn.init.internal.KaimingUniformProvider,
            dev.nn.init.internal.LecunNormalProvider,
            dev.nn.init.internal.LecunUniformProvider,
            dev.nn.init.internal.NormalProvider,
            dev.nn.init.internal.OnesProvider,
            dev.nn.init.internal.OrthogonalProvider,
            dev.nn.init.internal.SparseProvider,
            dev.nn.init.internal.TruncNormalProvider,
            dev.nn.init.internal.UniformProvider,
            dev.nn.init.internal.VarianceScalingProvider,
            dev.nn.init.internal.XavierNormalProvider,
            dev.nn.init.internal.XavierUniformProvider,
            dev.nn.init.internal.ZerosProvider;
}
