package org.example.nnplugin;

import dev.nn.tck.BackendTestKit;

/** gemm64 passes the whole backend kit: its GEMM against the scalar reference, the rest through the delegate. */
class Gemm64BackendKitTest extends BackendTestKit {
    @Override
    protected String providerName() {
        return "gemm64";
    }
}
