package dev.nn.cpu.simd;

import dev.nn.api.backend.Conv2dGeometry;
import java.util.Arrays;

/**
 * 2-D convolution as im2col + {@link Gemm}, parallel over samples (or inside the GEMM when the batch is smaller than
 * the thread count). A 1x1 convolution with stride 1 and no padding skips im2col: the input already is the column
 * matrix. Scalar twins: {@code ScalarBackend.conv2dForward} / {@code conv2dBackward}.
 */
final class Conv {
    /** Samples whose weight gradients are summed into one private buffer; fixed, so dW never depends on threads. */
    static final int SAMPLES_PER_CHUNK = 4;
    private static final Parallel SERIAL = new Parallel(1);

    private Conv() {
    }

    /** y (n, outC, outH, outW) = conv(x (n, inC, inH, inW), w (outC, inC/groups, kH, kW)) + b (outC) or no bias. */
    static void forward(Parallel par, Conv2dGeometry g, float[] y, float[] x, float[] w, float[] b) {
        if (g.n() >= par.threads()) {
            par.forEach(g.n(), s -> forwardSample(SERIAL, g, s, y, x, w, b));
        } else {
            for (int s = 0; s < g.n(); s++) {
                forwardSample(par, g, s, y, x, w, b);
            }
        }
    }

    private static void forwardSample(Parallel gemmPar, Conv2dGeometry g, int s, float[] y, float[] x, float[] w,
                                      float[] b) {
        int cinG = g.inChannels() / g.groups();
        int coutG = g.outChannels() / g.groups();
        int patch = cinG * g.kernelH() * g.kernelW();
        int spatial = g.outH() * g.outW();
        boolean pointwise = isPointwise(g);
        float[] col = pointwise ? null : Workspace.get().columns(patch * spatial);
        for (int grp = 0; grp < g.groups(); grp++) {
            int inOff = (s * g.inChannels() + grp * cinG) * g.inH() * g.inW();
            int outOff = (s * g.outChannels() + grp * coutG) * spatial;
            float[] src = x;
            int srcOff = inOff;
            if (!pointwise) {
                im2col(g, cinG, x, inOff, col);
                src = col;
                srcOff = 0;
            }
            // y_g (coutG, spatial) = W_g (coutG, patch) x col (patch, spatial)
            Gemm.gemm(gemmPar, coutG, spatial, patch, 1f, w, grp * coutG * patch, patch, 1, src, srcOff, spatial, 1,
                    0f, y, outOff, spatial);
        }
        if (b != null) {
            for (int oc = 0; oc < g.outChannels(); oc++) {
                Elementwise.addScalar(spatial, b[oc], y, (s * g.outChannels() + oc) * spatial);
            }
        }
    }

    /**
     * Accumulates dx, dw and db. dW is the sum over samples: each fixed chunk of {@link #SAMPLES_PER_CHUNK}
     * samples sums into a private buffer, then the buffers are added in chunk order.
     */
    static void backward(Parallel par, Conv2dGeometry g, float[] dx, float[] dw, float[] db, float[] dy, float[] x,
                         float[] w) {
        int spatial = g.outH() * g.outW();
        if (db != null) {
            biasGradient(g, db, dy, spatial);
        }
        int weights = g.outChannels() * (g.inChannels() / g.groups()) * g.kernelH() * g.kernelW();
        int chunks = Gemm.ceilDiv(g.n(), SAMPLES_PER_CHUNK);
        float[] partial = new float[chunks * weights];
        if (chunks >= par.threads()) {
            par.forEach(chunks, ch -> backwardChunk(SERIAL, g, ch, partial, ch * weights, dx, dy, x, w));
        } else {
            for (int ch = 0; ch < chunks; ch++) {
                backwardChunk(par, g, ch, partial, ch * weights, dx, dy, x, w);
            }
        }
        for (int ch = 1; ch < chunks; ch++) {
            Elementwise.addInto(weights, partial, ch * weights, partial, 0);
        }
        Elementwise.addInto(weights, partial, 0, dw, 0);
    }

    private static void backwardChunk(Parallel gemmPar, Conv2dGeometry g, int chunk, float[] dwPart, int dwOff,
                                      float[] dx, float[] dy, float[] x, float[] w) {
        int cinG = g.inChannels() / g.groups();
        int coutG = g.outChannels() / g.groups();
        int patch = cinG * g.kernelH() * g.kernelW();
        int spatial = g.outH() * g.outW();
        boolean pointwise = isPointwise(g);
        Workspace ws = Workspace.get();
        float[] col = pointwise ? null : ws.columns(patch * spatial);
        float[] dcol = pointwise || dx == null ? null : ws.columnGrad(patch * spatial);
        int end = Math.min(g.n(), (chunk + 1) * SAMPLES_PER_CHUNK);
        for (int s = chunk * SAMPLES_PER_CHUNK; s < end; s++) {
            for (int grp = 0; grp < g.groups(); grp++) {
                int inOff = (s * g.inChannels() + grp * cinG) * g.inH() * g.inW();
                int outOff = (s * g.outChannels() + grp * coutG) * spatial;
                int wOff = grp * coutG * patch;
                float[] src = x;
                int srcOff = inOff;
                if (!pointwise) {
                    im2col(g, cinG, x, inOff, col);
                    src = col;
                    srcOff = 0;
                }
                // dW_g (coutG, patch) += dy_g (coutG, spatial) x col^T (spatial, patch)
                Gemm.gemm(gemmPar, coutG, patch, spatial, 1f, dy, outOff, spatial, 1, src, srcOff, 1, spatial, 1f,
                        dwPart, dwOff + wOff, patch);
                if (dx == null) {
                    continue;
                }
                // dcol (patch, spatial) = W_g^T (patch, coutG) x dy_g (coutG, spatial); pointwise: straight into dx
                if (pointwise) {
                    Gemm.gemm(gemmPar, patch, spatial, coutG, 1f, w, wOff, 1, patch, dy, outOff, spatial, 1, 1f,
                            dx, inOff, spatial);
                } else {
                    Gemm.gemm(gemmPar, patch, spatial, coutG, 1f, w, wOff, 1, patch, dy, outOff, spatial, 1, 0f,
                            dcol, 0, spatial);
                    col2im(g, cinG, dcol, dx, inOff);
                }
            }
        }
    }

    /** db[oc] += sum of dy over the sample's plane, per sample in sample order (as the scalar twin). */
    private static void biasGradient(Conv2dGeometry g, float[] db, float[] dy, int spatial) {
        for (int oc = 0; oc < g.outChannels(); oc++) {
            float acc = db[oc];
            for (int s = 0; s < g.n(); s++) {
                acc += (float) Reductions.sum(dy, (s * g.outChannels() + oc) * spatial, spatial);
            }
            db[oc] = acc;
        }
    }

    private static boolean isPointwise(Conv2dGeometry g) {
        return g.kernelH() == 1 && g.kernelW() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0
                && g.padW() == 0;
    }

    /** First output column whose tap kw reads inside the row, and one past the last. */
    private static int firstInside(Conv2dGeometry g, int kw) {
        int shift = g.padW() - kw * g.dilationW();         // iw = ow * strideW - shift
        return Math.min(g.outW(), Math.max(0, Math.ceilDiv(shift, g.strideW())));
    }

    private static int endInside(Conv2dGeometry g, int kw, int first) {
        int shift = g.padW() - kw * g.dilationW();
        return Math.max(first, Math.min(g.outW(), Math.floorDiv(g.inW() - 1 + shift, g.strideW()) + 1));
    }

    /**
     * col (cin kH kW, outH outW) of one sample's group: each column is one receptive field, zero where padded.
     * With stride 1 each output row's inside part is one contiguous copy.
     */
    static void im2col(Conv2dGeometry g, int cin, float[] in, int inOff, float[] col) {
        int outH = g.outH();
        int outW = g.outW();
        int r = 0;
        for (int c = 0; c < cin; c++) {
            for (int kh = 0; kh < g.kernelH(); kh++) {
                for (int kw = 0; kw < g.kernelW(); kw++, r++) {
                    int rowOff = r * outH * outW;
                    int lo = firstInside(g, kw);
                    int hi = endInside(g, kw, lo);
                    int shift = g.padW() - kw * g.dilationW();
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * g.strideH() - g.padH() + kh * g.dilationH();
                        int dst = rowOff + oh * outW;
                        if (ih < 0 || ih >= g.inH()) {
                            Arrays.fill(col, dst, dst + outW, 0f);
                            continue;
                        }
                        int src = inOff + (c * g.inH() + ih) * g.inW();
                        Arrays.fill(col, dst, dst + lo, 0f);
                        if (g.strideW() == 1) {
                            System.arraycopy(in, src + lo - shift, col, dst + lo, hi - lo);
                        } else {
                            for (int ow = lo; ow < hi; ow++) {
                                col[dst + ow] = in[src + ow * g.strideW() - shift];
                            }
                        }
                        Arrays.fill(col, dst + hi, dst + outW, 0f);
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: adds each column entry back to the input position it was read from. */
    static void col2im(Conv2dGeometry g, int cin, float[] col, float[] dx, int inOff) {
        int outH = g.outH();
        int outW = g.outW();
        int r = 0;
        for (int c = 0; c < cin; c++) {
            for (int kh = 0; kh < g.kernelH(); kh++) {
                for (int kw = 0; kw < g.kernelW(); kw++, r++) {
                    int rowOff = r * outH * outW;
                    int lo = firstInside(g, kw);
                    int hi = endInside(g, kw, lo);
                    int shift = g.padW() - kw * g.dilationW();
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * g.strideH() - g.padH() + kh * g.dilationH();
                        if (ih < 0 || ih >= g.inH()) {
                            continue;
                        }
                        int dst = inOff + (c * g.inH() + ih) * g.inW();
                        int src = rowOff + oh * outW;
                        if (g.strideW() == 1) {
                            Elementwise.addInto(hi - lo, col, src + lo, dx, dst + lo - shift);
                        } else {
                            for (int ow = lo; ow < hi; ow++) {
                                dx[dst + ow * g.strideW() - shift] += col[src + ow];
                            }
                        }
                    }
                }
            }
        }
    }
}
