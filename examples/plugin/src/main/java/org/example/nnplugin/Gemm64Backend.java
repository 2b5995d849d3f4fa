package org.example.nnplugin;

import dev.nn.api.backend.Backend;
import dev.nn.api.backend.ForwardingBackend;
import dev.nn.api.tensor.Tensor;

/**
 * A decorator whose GEMM sums its k products in double and rounds once, so long inner dimensions lose no bits to
 * float32 partial sums; every other kernel is the delegate's. It copies the operands to the host and back, so it
 * trades speed for precision: a reference, not a fast path.
 */
final class Gemm64Backend extends ForwardingBackend {

    Gemm64Backend(Backend delegate) {
        super(delegate);
    }

    @Override
    public String name() {
        return Gemm64Provider.NAME;
    }

    @Override
    public void gemm(Tensor c, boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a, Tensor b,
                     float beta) {
        float[] av = read(a);
        float[] bv = read(b);
        // beta == 0 ignores c's old values (NaN included), as in BLAS: no need to read them
        float[] cv = beta == 0f ? new float[m * n] : read(c);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? av[p * m + i] : av[i * k + p];
                    double y = transB ? bv[j * k + p] : bv[p * n + j];
                    sum += x * y;
                }
                double old = beta == 0f ? 0 : (double) beta * cv[i * n + j];
                cv[i * n + j] = (float) (alpha * sum + old);
            }
        }
        write(c, cv);
    }
}
