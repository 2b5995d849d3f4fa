package dev.nn.cpu.simd;

import dev.nn.api.backend.Conv2dGeometry;
import java.util.Arrays;

/**
 * 2-D convolution as im2col + {@link Gemm}, parallel over samples (or inside the GEMM when the batch is smaller than
 * the thread count). The im2col matrix is never stored: it is written straight into the GEMM's packed panels from
 * a zero-padded copy of the sample. The weight is packed once per call and shared by all samples. A 1x1
 * convolution with stride 1 and no padding reads the input directly: it already is the column matrix. Scalar twins:
 * {@code ScalarBackend.conv2dForward} and {@code conv2dBackward}.
 */
final class Conv {
    /** Samples whose weight gradients are summed into one private buffer; fixed, so dW never depends on threads. */
    static final int SAMPLES_PER_CHUNK = 4;
    private static final Parallel SERIAL = new Parallel(1);

    private Conv() {
    }

    /** y (n, outC, outH, outW) = conv(x (n, inC, inH, inW), w (outC, inC/groups, kH, kW)) + b (outC) or no bias. */
    static void forward(Parallel par, Conv2dGeometry g, float[] y, float[] x, float[] w, float[] b) {
        int cinG = g.inChannels() / g.groups();
        int coutG = g.outChannels() / g.groups();
        int patch = cinG * g.kernelH() * g.kernelW();
        // W_g (coutG, patch) is the A operand of every sample's GEMM: pack it once, share it read-only
        float[][] packedW = new float[g.groups()][];
        for (int grp = 0; grp < g.groups(); grp++) {
            packedW[grp] = new float[Gemm.packedASize(coutG, patch)];
            Gemm.packA(coutG, patch, 1f, w, grp * coutG * patch, patch, 1, packedW[grp]);
        }
        if (g.n() >= par.threads()) {
            par.forEach(g.n(), s -> forwardSample(SERIAL, g, s, y, x, packedW, b));
        } else {
            for (int s = 0; s < g.n(); s++) {
                forwardSample(par, g, s, y, x, packedW, b);
            }
        }
    }

    private static void forwardSample(Parallel gemmPar, Conv2dGeometry g, int s, float[] y, float[] x,
                                      float[][] packedW, float[] b) {
        int cinG = g.inChannels() / g.groups();
        int coutG = g.outChannels() / g.groups();
        int patch = cinG * g.kernelH() * g.kernelW();
        int spatial = g.outH() * g.outW();
        for (int grp = 0; grp < g.groups(); grp++) {
            int inOff = (s * g.inChannels() + grp * cinG) * g.inH() * g.inW();
            int outOff = (s * g.outChannels() + grp * coutG) * spatial;
            // y_g (coutG, spatial) = W_g (coutG, patch) x col (patch, spatial), col packed straight from x
            Gemm.PanelSource col = isPointwise(g) ? new Gemm.Strided(x, inOff, spatial, 1)
                    : new Im2colPanels(g, Padded.of(g, cinG, x, inOff, Workspace.get()));
            Gemm.multiply(gemmPar, coutG, spatial, patch, packedW[grp], col, 0f, y, outOff, spatial);
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
        int cinG = g.inChannels() / g.groups();
        int coutG = g.outChannels() / g.groups();
        int patch = cinG * g.kernelH() * g.kernelW();
        float[][] packedWt = null;
        if (dx != null) {                                // W_g^T (patch, coutG): the A operand of every dcol GEMM
            packedWt = new float[g.groups()][];
            for (int grp = 0; grp < g.groups(); grp++) {
                packedWt[grp] = new float[Gemm.packedASize(patch, coutG)];
                Gemm.packA(patch, coutG, 1f, w, grp * coutG * patch, 1, patch, packedWt[grp]);
            }
        }
        float[][] wt = packedWt;
        int weights = g.outChannels() * patch;
        int chunks = Gemm.ceilDiv(g.n(), SAMPLES_PER_CHUNK);
        float[] partial = new float[chunks * weights];
        if (chunks >= par.threads()) {
            par.forEach(chunks, ch -> backwardChunk(SERIAL, g, ch, partial, ch * weights, dx, dy, x, wt));
        } else {
            for (int ch = 0; ch < chunks; ch++) {
                backwardChunk(par, g, ch, partial, ch * weights, dx, dy, x, wt);
            }
        }
        for (int ch = 1; ch < chunks; ch++) {
            Elementwise.addInto(weights, partial, ch * weights, partial, 0);
        }
        Elementwise.addInto(weights, partial, 0, dw, 0);
    }

    private static void backwardChunk(Parallel gemmPar, Conv2dGeometry g, int chunk, float[] dwPart, int dwOff,
                                      float[] dx, float[] dy, float[] x, float[][] packedWt) {
        int cinG = g.inChannels() / g.groups();
        int coutG = g.outChannels() / g.groups();
        int patch = cinG * g.kernelH() * g.kernelW();
        int spatial = g.outH() * g.outW();
        boolean pointwise = isPointwise(g);
        Workspace ws = Workspace.get();
        float[] dcol = pointwise || dx == null ? null : ws.columnGrad(patch * spatial);
        float[] packedDy = ws.packedA(Gemm.packedASize(coutG, spatial));
        int end = Math.min(g.n(), (chunk + 1) * SAMPLES_PER_CHUNK);
        for (int s = chunk * SAMPLES_PER_CHUNK; s < end; s++) {
            for (int grp = 0; grp < g.groups(); grp++) {
                int inOff = (s * g.inChannels() + grp * cinG) * g.inH() * g.inW();
                int outOff = (s * g.outChannels() + grp * coutG) * spatial;
                // dW_g (coutG, patch) += dy_g (coutG, spatial) x col^T (spatial, patch), col^T packed from x
                Gemm.packA(coutG, spatial, 1f, dy, outOff, spatial, 1, packedDy);
                Gemm.PanelSource colT = pointwise ? new Gemm.Strided(x, inOff, 1, spatial)
                        : new Im2colTransposedPanels(g, Padded.of(g, cinG, x, inOff, ws));
                Gemm.multiply(gemmPar, coutG, patch, spatial, packedDy, colT, 1f, dwPart, dwOff + grp * coutG * patch,
                        patch);
                if (dx == null) {
                    continue;
                }
                // dcol (patch, spatial) = W_g^T (patch, coutG) x dy_g (coutG, spatial); pointwise: straight into dx
                Gemm.PanelSource dyPanels = new Gemm.Strided(dy, outOff, spatial, 1);
                if (pointwise) {
                    Gemm.multiply(gemmPar, patch, spatial, coutG, packedWt[grp], dyPanels, 1f, dx, inOff, spatial);
                } else {
                    Gemm.multiply(gemmPar, patch, spatial, coutG, packedWt[grp], dyPanels, 0f, dcol, 0, spatial);
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
     * One sample's group of input planes (cin, inH, inW) inside a zero border of padH rows and padW columns, so
     * that im2col reads without bounds checks.
     *
     * @param x the array holding the planes (the input itself when there is no padding)
     * @param off where the planes start
     * @param h padded height
     * @param w padded width
     */
    record Padded(float[] x, int off, int h, int w) {
        static Padded of(Conv2dGeometry g, int cin, float[] in, int inOff, Workspace ws) {
            if (g.padH() == 0 && g.padW() == 0) {
                return new Padded(in, inOff, g.inH(), g.inW());
            }
            int h = g.inH() + 2 * g.padH();
            int w = g.inW() + 2 * g.padW();
            float[] xp = ws.padded(cin * h * w);
            Arrays.fill(xp, 0, cin * h * w, 0f);
            for (int c = 0; c < cin; c++) {
                for (int ih = 0; ih < g.inH(); ih++) {
                    System.arraycopy(in, inOff + (c * g.inH() + ih) * g.inW(), xp,
                            (c * h + ih + g.padH()) * w + g.padW(), g.inW());
                }
            }
            return new Padded(xp, 0, h, w);
        }

        /** @return the index of the input that tap r = (c, kh, kw) reads for output (0, 0) */
        int tapOrigin(Conv2dGeometry g, int r) {
            int taps = g.kernelH() * g.kernelW();
            int c = r / taps;
            int kh = r % taps / g.kernelW();
            int kw = r % g.kernelW();
            return off + (c * h + kh * g.dilationH()) * w + kw * g.dilationW();
        }
    }

    /**
     * The im2col matrix col (cin kH kW, outH outW) of one sample's group, written straight into GEMM panels
     * (no col array): row r = (c, kh, kw), column j = output position.
     */
    record Im2colPanels(Conv2dGeometry g, Padded in) implements Gemm.PanelSource {
        @Override
        public void pack(int pc, int kc, int jc, int nc, float[] bp) {
            int nr = Gemm.NR;
            int outW = g.outW();
            int sh = g.strideH() * in.w();
            int sw = g.strideW();
            float[] x = in.x();
            int panelStride = nr * kc;
            int end = jc + nc;
            for (int r = pc; r < pc + kc; r++) {
                int origin = in.tapOrigin(g, r);
                int rowBase = (r - pc) * nr;
                int oh = jc / outW;
                int ow = jc % outW;
                for (int j = jc; j < end; ) {
                    int rel = j - jc;
                    int lane = rel % nr;
                    int dst = rel / nr * panelStride + rowBase + lane;
                    int len = Math.min(end - j, Math.min(outW - ow, nr - lane));   // one output row, one panel
                    int src = origin + oh * sh + ow * sw;
                    if (sw == 1) {
                        for (int t = 0; t < len; t++) {
                            bp[dst + t] = x[src + t];
                        }
                    } else {
                        for (int t = 0; t < len; t++) {
                            bp[dst + t] = x[src + t * sw];
                        }
                    }
                    j += len;
                    ow += len;
                    if (ow == outW) {
                        ow = 0;
                        oh++;
                    }
                }
            }
            zeroPaddingColumns(kc, nc, bp);
        }
    }

    /**
     * The transposed im2col matrix col^T (outH outW, cin kH kW) of one sample's group, written straight into GEMM
     * panels: row p = output position, column j = (c, kh, kw).
     */
    record Im2colTransposedPanels(Conv2dGeometry g, Padded in) implements Gemm.PanelSource {
        @Override
        public void pack(int pc, int kc, int jc, int nc, float[] bp) {
            int nr = Gemm.NR;
            int outW = g.outW();
            int sh = g.strideH() * in.w();
            int sw = g.strideW();
            float[] x = in.x();
            int end = pc + kc;
            for (int jj = 0; jj < nc; jj++) {
                int origin = in.tapOrigin(g, jc + jj);
                int dst = jj / nr * nr * kc + jj % nr;
                int oh = pc / outW;
                int ow = pc % outW;
                for (int p = pc; p < end; ) {
                    int len = Math.min(end - p, outW - ow);
                    int src = origin + oh * sh + ow * sw;
                    for (int t = 0; t < len; t++, dst += nr) {
                        bp[dst] = x[src + t * sw];
                    }
                    p += len;
                    ow += len;
                    if (ow == outW) {
                        ow = 0;
                        oh++;
                    }
                }
            }
            zeroPaddingColumns(kc, nc, bp);
        }
    }

    /** Zeroes the columns of the last panel past nc. */
    private static void zeroPaddingColumns(int kc, int nc, float[] bp) {
        int nr = Gemm.NR;
        int used = nc % nr;
        if (used == 0) {
            return;
        }
        int base = nc / nr * nr * kc;
        for (int p = 0; p < kc; p++) {
            Arrays.fill(bp, base + p * nr + used, base + p * nr + nr, 0f);
        }
    }

    /** The adjoint of im2col: adds each entry of dcol (cin kH kW, outH outW) back to the input it stands for. */
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
