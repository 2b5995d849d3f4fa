package dev.nn.cpu.simd;

import dev.nn.api.backend.Conv2dGeometry;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

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
        Workspace ws = Workspace.get();
        for (int grp = 0; grp < g.groups(); grp++) {
            int inOff = (s * g.inChannels() + grp * cinG) * g.inH() * g.inW();
            int outOff = (s * g.outChannels() + grp * coutG) * spatial;
            // y_g (coutG, spatial) = W_g (coutG, patch) x col (patch, spatial), col packed straight from x
            if (isPointwise(g)) {
                Gemm.multiply(gemmPar, coutG, spatial, patch, packedW[grp], new Gemm.Strided(x, inOff, spatial, 1),
                        0f, y, outOff, spatial);
            } else if (onGrid(g)) {
                Grid grid = Grid.of(cinG, g.inH(), g.inW(), g.padH(), g.padW(), g.kernelH(), g.kernelW(),
                        g.dilationH(), g.dilationW(), x, inOff, ws);
                float[] out = ws.convGrid(coutG * grid.columns());
                Gemm.multiply(gemmPar, coutG, grid.columns(), patch, packedW[grp], grid, 0f, out, 0,
                        grid.columns());
                grid.copyOut(coutG, g.outH(), g.outW(), out, y, outOff, false);
            } else {
                Gemm.multiply(gemmPar, coutG, spatial, patch, packedW[grp],
                        new Im2colPanels(g, Padded.of(g, cinG, x, inOff, ws)), 0f, y, outOff, spatial);
            }
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
        if (dx != null && fullOnGrid(g)) {               // rotated W_g (cinG, coutG kH kW): dx is a convolution of dy
            packedWt = new float[g.groups()][];
            for (int grp = 0; grp < g.groups(); grp++) {
                packedWt[grp] = new float[Gemm.packedASize(cinG, coutG * g.kernelH() * g.kernelW())];
                Gemm.packA(cinG, coutG * g.kernelH() * g.kernelW(), 1f, rotated(g, w, grp), 0,
                        coutG * g.kernelH() * g.kernelW(), 1, packedWt[grp]);
            }
        } else if (dx != null) {                         // W_g^T (patch, coutG): the A operand of every dcol GEMM
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
        boolean full = fullOnGrid(g);
        Workspace ws = Workspace.get();
        float[] dcol = pointwise || full || dx == null ? null : ws.columnGrad(patch * spatial);
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
                if (full) {
                    // dx_g = the convolution of dy_g, bordered by dilation (k - 1) - pad, with W_g rotated by 180
                    // degrees and its in and out channels swapped: one GEMM over dy's grid, no col2im
                    int padH = g.dilationH() * (g.kernelH() - 1) - g.padH();
                    int padW = g.dilationW() * (g.kernelW() - 1) - g.padW();
                    Grid grid = Grid.of(coutG, g.outH(), g.outW(), padH, padW, g.kernelH(), g.kernelW(),
                            g.dilationH(), g.dilationW(), dy, outOff, ws);
                    float[] in = ws.convGrid(cinG * grid.columns());
                    Gemm.multiply(gemmPar, cinG, grid.columns(), coutG * g.kernelH() * g.kernelW(),
                            packedWt[grp], grid, 0f, in, 0, grid.columns());
                    grid.copyOut(cinG, g.inH(), g.inW(), in, dx, inOff, true);
                    continue;
                }
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

    /** Stride 1 and a real window: the forward GEMM runs over the padded input's grid (see {@link Grid}). */
    private static boolean onGrid(Conv2dGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && !isPointwise(g);
    }

    /** The input gradient is a stride-1 convolution of dy too (its border, dilation (k - 1) - pad, is not negative). */
    private static boolean fullOnGrid(Conv2dGeometry g) {
        return onGrid(g) && g.padH() <= g.dilationH() * (g.kernelH() - 1)
                && g.padW() <= g.dilationW() * (g.kernelW() - 1);
    }

    /** W_g rotated by 180 degrees with in and out channels swapped: (cinG, coutG kH kW). */
    private static float[] rotated(Conv2dGeometry g, float[] w, int grp) {
        int cinG = g.inChannels() / g.groups();
        int coutG = g.outChannels() / g.groups();
        int taps = g.kernelH() * g.kernelW();
        float[] r = new float[cinG * coutG * taps];
        for (int c = 0; c < cinG; c++) {
            for (int o = 0; o < coutG; o++) {
                int src = ((grp * coutG + o) * cinG + c) * taps;
                int dst = (c * coutG + o) * taps;
                for (int t = 0; t < taps; t++) {
                    r[dst + t] = w[src + taps - 1 - t];
                }
            }
        }
        return r;
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
     * The im2col matrix of a stride-1 convolution over the grid of its zero-bordered input (hp, wp): column j is the
     * grid position j of the window's top-left tap, row r = (c, kh, kw) reads the bordered planes at
     * {@code rowOffset(r) + j}. Every row is a contiguous run of the input, so panels fill with whole-vector copies.
     * The grid has wp - outW more columns per output row than the output (the border's); they are computed and
     * dropped by {@link #copyOut}. For a 3x3 window on 14x14 that is 224 columns for 196 outputs, and it saves the
     * scattered short copies of im2col.
     *
     * @param x the bordered planes, followed by the slack of {@link #size}
     * @param rowOffsets where row r of the column matrix starts in x
     * @param wp bordered width
     * @param columns outH wp
     */
    record Grid(float[] x, int[] rowOffsets, int wp, int columns) implements Gemm.PanelSource {
        /** @return floats of the bordered planes and the slack past them that whole-panel copies read */
        static int size(int planes, int h, int w, int padH, int padW, int kW, int dilW) {
            return planes * (h + 2 * padH) * (w + 2 * padW) + (kW - 1) * dilW + Gemm.NR;
        }

        /**
         * Borders the planes (planes, h, w) at in[inOff..] with zeros into the workspace, for a kH x kW window.
         */
        static Grid of(int planes, int h, int w, int padH, int padW, int kH, int kW, int dilH, int dilW, float[] in,
                       int inOff, Workspace ws) {
            float[] buf = ws.padded(size(planes, h, w, padH, padW, kW, dilW));
            int hp = h + 2 * padH;
            int wp = w + 2 * padW;
            int size = size(planes, h, w, padH, padW, kW, dilW);
            Arrays.fill(buf, 0, size, 0f);
            for (int c = 0; c < planes; c++) {
                copyRuns(h, w, in, inOff + c * h * w, w, buf, (c * hp + padH) * wp + padW, wp, size, false);
            }
            int taps = kH * kW;
            int[] rows = ws.gridRows(planes * taps);
            for (int r = 0; r < planes * taps; r++) {
                int kh = r % taps / kW;
                int kw = r % kW;
                rows[r] = (r / taps * hp + kh * dilH) * wp + kw * dilW;
            }
            return new Grid(buf, rows, wp, (hp - dilH * (kH - 1)) * wp);
        }

        @Override
        public void pack(int pc, int kc, int jc, int nc, float[] bp) {
            int nr = Gemm.NR;
            int lanes = Gemm.F.length();
            for (int q = 0; q * nr < nc; q++) {
                int dst = q * nr * kc;
                int col = jc + q * nr;
                for (int p = 0; p < kc; p++, dst += nr) {
                    int src = rowOffsets[pc + p] + col;
                    for (int v = 0; v < nr; v += lanes) {
                        FloatVector.fromArray(Gemm.F, x, src + v).intoArray(bp, dst + v);
                    }
                }
            }
        }

        /**
         * Copies (or adds) the grid result (rows, columns) to out (rows, h, w) at outOff, dropping the border's
         * columns.
         */
        void copyOut(int rows, int h, int w, float[] grid, float[] out, int outOff, boolean add) {
            for (int r = 0; r < rows; r++) {
                copyRuns(h, w, grid, r * columns, wp, out, outOff + r * h * w, w, outOff + rows * h * w, add);
            }
        }
    }

    /**
     * Copies (or adds) {@code runs} runs of w floats, src runs srcStride apart and dst runs dstStride apart, in
     * increasing order, a whole vector at a time. Rows here are 14 or 28 floats, and a copy call or masked store per
     * row costs more than the row: instead the lanes past a run carry +0 (copy) or -0 (add, which leaves any value
     * unchanged) into what follows it, the zero border or the next run, which is then written in its turn. A run
     * whose vectors would reach dstEnd (or past src) is copied one float at a time.
     */
    static void copyRuns(int runs, int w, float[] src, int srcOff, int srcStride, float[] dst, int dstOff,
                         int dstStride, int dstEnd, boolean add) {
        int lanes = Gemm.F.length();
        float past = add ? -0f : 0f;
        for (int i = 0; i < runs; i++) {
            int from = srcOff + i * srcStride;
            int to = dstOff + i * dstStride;
            int k = 0;
            for (; k < w && to + k + lanes <= dstEnd && from + k + lanes <= src.length; k += lanes) {
                FloatVector v = FloatVector.fromArray(Gemm.F, src, from + k)
                        .blend(past, Gemm.F.indexInRange(k, w).not());
                if (add) {
                    v = v.add(FloatVector.fromArray(Gemm.F, dst, to + k));
                }
                v.intoArray(dst, to + k);
            }
            for (; k < w; k++) {
                dst[to + k] = add ? dst[to + k] + src[from + k] : src[from + k];
            }
        }
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
