package dev.nn.cpu.simd;

import dev.nn.api.backend.Pool2dGeometry;

/**
 * Max pooling split over groups of planes ({@code n * channels}). A plane's outputs (and, backward, its input
 * gradients) belong to one task, visited in the scalar twin's order, so results equal {@code ScalarBackend}'s for
 * any thread count. The common 2x2, stride 2, unpadded window is {@link HalvingPool}'s.
 */
final class Pooling {
    /** Outputs per task, so that forking pays off. */
    private static final int OUTPUTS_PER_TASK = 8192;

    private Pooling() {
    }

    /** Runs {@code body(plane)} for every plane, in parallel groups of whole planes. */
    private static void forPlanes(Parallel par, Pool2dGeometry g, PlaneTask body) {
        int planes = g.n() * g.channels();
        int perTask = Math.max(1, OUTPUTS_PER_TASK / (g.outH() * g.outW()));
        int tasks = Gemm.ceilDiv(planes, perTask);
        par.forEach(tasks, t -> {
            for (int p = t * perTask, end = Math.min(planes, (t + 1) * perTask); p < end; p++) {
                body.run(p);
            }
        });
    }

    @FunctionalInterface
    private interface PlaneTask {
        void run(int plane);
    }

    /** y = max over each window of x; -infinity for a window that is all padding; NaN wins. */
    static void maxForward(Parallel par, Pool2dGeometry g, float[] y, float[] x) {
        if (HalvingPool.applies(g)) {
            HalvingPool.forward(par, g, y, x);
            return;
        }
        forPlanes(par, g, p -> {
            int out = p * g.outH() * g.outW();
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++, out++) {
                    y[out] = valueAt(x, argmax(g, x, p, oh, ow));
                }
            }
        });
    }

    private static float valueAt(float[] x, int arg) {
        return arg < 0 ? Float.NEGATIVE_INFINITY : x[arg];
    }

    /** dx[argmax of each window] += dy of that window. */
    static void maxBackward(Parallel par, Pool2dGeometry g, float[] dx, float[] dy, float[] x) {
        if (HalvingPool.applies(g)) {
            HalvingPool.backward(par, g, dx, dy, x);
            return;
        }
        forPlanes(par, g, p -> {
            int out = p * g.outH() * g.outW();
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++, out++) {
                    int arg = argmax(g, x, p, oh, ow);
                    if (arg >= 0) {
                        dx[arg] += dy[out];
                    }
                }
            }
        });
    }

    /** Index of the first maximum of a window (NaN wins, as in PyTorch), or -1 when the window is all padding. */
    private static int argmax(Pool2dGeometry g, float[] in, int plane, int oh, int ow) {
        int best = -1;
        float max = Float.NEGATIVE_INFINITY;
        int h0 = oh * g.strideH() - g.padH();
        int w0 = ow * g.strideW() - g.padW();
        int hEnd = Math.min(h0 + g.kernelH(), g.inH());
        int wEnd = Math.min(w0 + g.kernelW(), g.inW());
        for (int ih = Math.max(h0, 0); ih < hEnd; ih++) {
            int row = (plane * g.inH() + ih) * g.inW();
            for (int iw = Math.max(w0, 0); iw < wEnd; iw++) {
                float v = in[row + iw];
                if (v != v) {
                    return row + iw;
                }
                if (best < 0 || v > max) {
                    best = row + iw;
                    max = v;
                }
            }
        }
        return best;
    }
}
