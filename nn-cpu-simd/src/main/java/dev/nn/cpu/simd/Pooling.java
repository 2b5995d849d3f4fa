package dev.nn.cpu.simd;

import dev.nn.api.backend.Pool2dGeometry;

/**
 * Max pooling split over groups of planes ({@code n * channels}). A plane's outputs (and, backward, its input
 * gradients) belong to one task, visited in the scalar twin's order, so results equal {@code ScalarBackend}'s for
 * any thread count. The common 2x2, stride 2, unpadded window has a branch-light path.
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
        boolean fast = isHalving(g);
        forPlanes(par, g, p -> {
            int out = p * g.outH() * g.outW();
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++, out++) {
                    y[out] = fast ? maxHalving(g, x, p, oh, ow) : valueAt(x, argmax(g, x, p, oh, ow));
                }
            }
        });
    }

    private static float valueAt(float[] x, int arg) {
        return arg < 0 ? Float.NEGATIVE_INFINITY : x[arg];
    }

    /**
     * The 2x2 window's maximum without data-dependent branches (random data mispredicts every comparison):
     * Math.max propagates NaN as the twin does; only a zero maximum, where Math.max prefers +0 but the twin keeps
     * the first of -0 and +0, takes the twin's path.
     */
    private static float maxHalving(Pool2dGeometry g, float[] in, int plane, int oh, int ow) {
        int i0 = (plane * g.inH() + 2 * oh) * g.inW() + 2 * ow;
        int i2 = i0 + g.inW();
        float m = Math.max(Math.max(in[i0], in[i0 + 1]), Math.max(in[i2], in[i2 + 1]));
        return m == 0f ? in[argmaxHalving(g, in, plane, oh, ow)] : m;
    }

    /** dx[argmax of each window] += dy of that window. */
    static void maxBackward(Parallel par, Pool2dGeometry g, float[] dx, float[] dy, float[] x) {
        boolean fast = isHalving(g);
        forPlanes(par, g, p -> {
            int out = p * g.outH() * g.outW();
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++, out++) {
                    int arg = fast ? argmaxHalvingSelect(g, x, p, oh, ow) : argmax(g, x, p, oh, ow);
                    if (arg >= 0) {
                        dx[arg] += dy[out];
                    }
                }
            }
        });
    }

    private static boolean isHalving(Pool2dGeometry g) {
        return g.kernelH() == 2 && g.kernelW() == 2 && g.strideH() == 2 && g.strideW() == 2 && g.padH() == 0
                && g.padW() == 0;
    }

    /**
     * {@link #argmaxHalving} by selection instead of branching: the maximum (Math.max), then the first position
     * holding it, chosen with conditional moves. NaN and zero maxima (where == cannot tell NaNs apart or -0 from +0)
     * take the branching path.
     */
    private static int argmaxHalvingSelect(Pool2dGeometry g, float[] in, int plane, int oh, int ow) {
        int i0 = (plane * g.inH() + 2 * oh) * g.inW() + 2 * ow;
        int i2 = i0 + g.inW();
        float a = in[i0];
        float b = in[i0 + 1];
        float c = in[i2];
        float d = in[i2 + 1];
        float m = Math.max(Math.max(a, b), Math.max(c, d));
        if (m == 0f || m != m) {
            return argmaxHalving(g, in, plane, oh, ow);
        }
        int k = i2 + 1;
        k = c == m ? i2 : k;
        k = b == m ? i0 + 1 : k;
        return a == m ? i0 : k;
    }

    /** The twin's rule on a 2x2 window that lies inside the plane: the first NaN, else the first maximum. */
    private static int argmaxHalving(Pool2dGeometry g, float[] in, int plane, int oh, int ow) {
        int i0 = (plane * g.inH() + 2 * oh) * g.inW() + 2 * ow;
        int i2 = i0 + g.inW();
        int best = i0;
        float max = in[i0];
        if (max != max) {
            return best;
        }
        float v = in[i0 + 1];
        if (v > max || v != v) {
            if (v != v) {
                return i0 + 1;
            }
            best = i0 + 1;
            max = v;
        }
        v = in[i2];
        if (v > max || v != v) {
            if (v != v) {
                return i2;
            }
            best = i2;
            max = v;
        }
        v = in[i2 + 1];
        if (v > max || v != v) {
            best = i2 + 1;
        }
        return best;
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
