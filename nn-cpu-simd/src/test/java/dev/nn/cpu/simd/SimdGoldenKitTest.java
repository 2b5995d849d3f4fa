package dev.nn.cpu.simd;

import dev.nn.tck.GoldenTestKit;

/** Every PyTorch / scikit-learn golden file on cpu-simd (also at 128- and 256-bit vectors). */
class SimdGoldenKitTest extends GoldenTestKit {
    @Override
    protected String providerName() {
        return SimdBackendProvider.NAME;
    }
}
