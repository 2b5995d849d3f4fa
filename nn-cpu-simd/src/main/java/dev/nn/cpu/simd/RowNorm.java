package dev.nn.cpu.simd;

import static dev.nn.cpu.simd.Lanes.F;
import static dev.nn.cpu.simd.Lanes.L;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * The row-layout normalization kernels: LayerNorm, GroupNorm (InstanceNorm is GroupNorm with one channel per group)
 * and RMSNorm over x viewed as {@code (rows, cols)}, a statistic per row.
 *
 * <p>Statistics are one pass in double lanes about a shift (the row's first value), as for the channel layout in
 * {@link ChannelNorm}, whose comment bounds the error ({@code SimdNormAccuracyTest} measures it). Normalization and
 * gradients are float32 arithmetic: a few roundings where the twin rounds once, well inside the kit's tolerance.
 * Reductions of terms computed in float lanes accumulate in float over short blocks, then in double: the row sums of
 * the gradient over {@link #SUM_BLOCK} vectors, the weight and bias gradients over {@link #BLOCK_ROWS} rows, so a
 * block adds at most ~16 float roundings relative to its terms. The fused forward computes a row's statistics and
 * normalizes it while it is in cache; the backward gets both row reductions in one pass, then writes the row's input
 * gradient from cache.
 *
 * <p>Forward kernels split rows into tasks of any size (rows are independent). Backward kernels that sum weight and
 * bias gradients over rows split them into {@link Lanes#parts} parts fixed by the shape; each part sums its rows into
 * its own double array (in float over at most {@link #BLOCK_ROWS} rows first, then in double), and the parts are added
 * in order: results are bit-identical on any number of threads.
 */
final class RowNorm {
    /** Rows whose weight-gradient terms are summed in float before being added to the part's double sums. */
    static final int BLOCK_ROWS = 16;
    /** Vectors whose row-sum terms are summed in float lanes before the lanes are added to a double. */
    static final int SUM_BLOCK = 16;

    private RowNorm() {
    }

    /** Body of a task over rows {@code [from, to)}. */
    @FunctionalInterface
    interface Rows {
        void run(int from, int to);
    }

    /** Runs body over consecutive row ranges of about {@link Lanes#TASK_ELEMENTS} values. */
    static void forRows(Parallel par, int rows, int cols, Rows body) {
        int per = Math.max(1, Lanes.TASK_ELEMENTS / Math.max(cols, 1));
        int tasks = (rows + per - 1) / per;
        Lanes.pick(par, (long) rows * cols).forEach(tasks, t -> body.run(t * per, Math.min(rows, (t + 1) * per)));
    }

    // ---- statistics -------------------------------------------------------------------------------------------

    /** mean, var (or null) and rstd per row of x (rows, cols). */
    static void statistics(Parallel par, float[] mean, float[] var, float[] rstd, float[] x, int rows, int cols,
                           float eps) {
        forRows(par, rows, cols, (from, to) -> {
            for (int r = from; r < to; r++) {
                rowStatistics(mean, var, rstd, x, r, cols, eps);
            }
        });
    }

    /**
     * Row r's statistics in one pass about a shift, the row's first value (see {@link ChannelNorm}): one read of the
     * row and a third fewer instructions than the sum and then the squared deviations, which matters because a
     * core's outstanding memory reads are limited by how many instructions sit between them.
     */
    static void rowStatistics(float[] mean, float[] var, float[] rstd, float[] x, int r, int cols, float eps) {
        int off = r * cols;
        double k = x[off];
        DoubleVector vk = DoubleVector.broadcast(Lanes.D, k);
        DoubleVector s0 = DoubleVector.zero(Lanes.D);
        DoubleVector s1 = s0;
        DoubleVector q0 = s0;
        DoubleVector q1 = s0;
        int j = 0;
        for (int bound = F.loopBound(cols); j < bound; j += L) {
            DoubleVector d0 = Lanes.wide(x, off + j).sub(vk);
            DoubleVector d1 = Lanes.wide(x, off + j + Lanes.H).sub(vk);
            s0 = s0.add(d0);
            s1 = s1.add(d1);
            q0 = d0.fma(d0, q0);
            q1 = d1.fma(d1, q1);
        }
        DoubleVector st = s0.add(s1);
        DoubleVector qt = q0.add(q1);
        double s = 0;
        double q = 0;
        for (int i = 0; i < Lanes.H; i++) {
            s += st.lane(i);
            q += qt.lane(i);
        }
        for (; j < cols; j++) {
            double d = x[off + j] - k;
            s += d;
            q += d * d;
        }
        double m = s / cols;
        Lanes.store(mean, var, rstd, r, k + m, Math.max(0.0, q / cols - m * m), eps);
    }

    // ---- LayerNorm --------------------------------------------------------------------------------------------

    /** y = (x - mean[r]) rstd[r] w[j] + b[j]; w and b may be null. */
    static void layerNormForward(Parallel par, float[] y, float[] x, float[] mean, float[] rstd, float[] w,
                                 float[] b, int rows, int cols) {
        forRows(par, rows, cols, (from, to) -> {
            for (int r = from; r < to; r++) {
                normalizeRow(y, x, r * cols, cols, mean[r], rstd[r], w, b, 0);
            }
        });
    }

    /** Statistics, then layerNormForward, row by row: each row is normalized while it is still in cache. */
    static void layerNormForwardWithStatistics(Parallel par, float[] y, float[] mean, float[] rstd, float[] x,
                                               float[] w, float[] b, int rows, int cols, float eps) {
        forRows(par, rows, cols, (from, to) -> {
            for (int r = from; r < to; r++) {
                rowStatistics(mean, null, rstd, x, r, cols, eps);
                normalizeRow(y, x, r * cols, cols, mean[r], rstd[r], w, b, 0);
            }
        });
    }

    /**
     * {@code y = (x - m) r w[wOff + j] + b[wOff + j]} over the n values of one row at off; w and b may be null.
     * The scalar tail does the lanes' float operations, so a value's bits do not depend on its position.
     */
    static void normalizeRow(float[] y, float[] x, int off, int n, float m, float r, float[] w, float[] b,
                             int wOff) {
        FloatVector vm = FloatVector.broadcast(F, m);
        FloatVector vr = FloatVector.broadcast(F, r);
        int j = 0;
        int bound = F.loopBound(n);
        if (w != null && b != null) {
            for (; j < bound; j += L) {
                FloatVector.fromArray(F, x, off + j).sub(vm).mul(vr)
                        .fma(FloatVector.fromArray(F, w, wOff + j), FloatVector.fromArray(F, b, wOff + j))
                        .intoArray(y, off + j);
            }
            for (; j < n; j++) {
                y[off + j] = Math.fma((x[off + j] - m) * r, w[wOff + j], b[wOff + j]);
            }
        } else if (w != null) {
            for (; j < bound; j += L) {
                FloatVector.fromArray(F, x, off + j).sub(vm).mul(vr).mul(FloatVector.fromArray(F, w, wOff + j))
                        .intoArray(y, off + j);
            }
            for (; j < n; j++) {
                y[off + j] = (x[off + j] - m) * r * w[wOff + j];
            }
        } else if (b != null) {
            for (; j < bound; j += L) {
                FloatVector.fromArray(F, x, off + j).sub(vm).mul(vr).add(FloatVector.fromArray(F, b, wOff + j))
                        .intoArray(y, off + j);
            }
            for (; j < n; j++) {
                y[off + j] = (x[off + j] - m) * r + b[wOff + j];
            }
        } else {
            for (; j < bound; j += L) {
                FloatVector.fromArray(F, x, off + j).sub(vm).mul(vr).intoArray(y, off + j);
            }
            for (; j < n; j++) {
                y[off + j] = (x[off + j] - m) * r;
            }
        }
    }

    /** See {@code NormKernels.layerNormBackward}; dx, dw, db, w may be null; dx is overwritten unless accumulate. */
    static void layerNormBackward(Parallel par, float[] dx, float[] dw, float[] db, float[] dy, float[] x,
                                  float[] mean, float[] rstd, float[] w, int rows, int cols, boolean accumulate) {
        rowBackward(par, dx, dw, db, dy, x, mean, rstd, w, rows, cols, 1, true, accumulate);
    }

    /**
     * Backward over rows of cols values whose weight slice starts at {@code (r % groups) * cols}: LayerNorm
     * (groups 1), GroupNorm of {@code (n, c)} input (cols = c / groups) and, uncentered (mean null, no bias), RMSNorm.
     * Rows go two at a time where they share a weight slice (groups 1) and fill whole vectors, so that the weight and
     * the float block of weight and bias gradient terms are loaded and stored once for both. (The vector code is in
     * several small methods: C2 stops compiling Vector API calls to vector instructions in a method that grows too
     * large, and falls back to allocating every vector.)
     */
    private static void rowBackward(Parallel par, float[] dx, float[] dw, float[] db, float[] dy, float[] x,
                                    float[] mean, float[] rstd, float[] w, int rows, int cols, int groups,
                                    boolean centered, boolean accumulate) {
        int width = cols * groups;
        int parts = Lanes.parts(rows, cols);
        double[] partial = Workspace.get().partialSums(parts * 2 * width);
        float[] weight = w != null ? w : Workspace.get().ones(width);
        Lanes.pick(par, (long) rows * cols).forEach(parts, p -> {
            int from = Lanes.partStart(rows, parts, p);
            int to = Lanes.partStart(rows, parts, p + 1);
            int base = p * 2 * width;
            Workspace ws = Workspace.get();
            float[] block = ws.rowBlock(2 * width);
            double[] sums = ws.rowSums();
            Arrays.fill(partial, base, base + 2 * width, 0.0);
            Arrays.fill(block, 0, 2 * width, 0f);
            int pending = 0;
            int r = from;
            while (r < to) {
                if (groups == 1 && cols % L == 0 && r + 2 <= to) {
                    pairGradient(dx, dy, x, r, cols, mean, rstd, weight, block, sums, centered, accumulate);
                    r += 2;
                    pending += 2;
                } else {
                    rowGradient(dx, dy, x, r, cols, mean, rstd, weight, (r % groups) * cols, block, width, sums,
                            centered, accumulate);
                    r++;
                    pending++;
                }
                if (pending >= BLOCK_ROWS * groups || r == to) {
                    Lanes.flush(block, partial, base, 2 * width);
                    pending = 0;
                }
            }
        });
        Lanes.addParts(dw, partial, 0, 2 * width, parts, width);
        Lanes.addParts(db, partial, width, 2 * width, parts, width);
    }

    /**
     * Row r's gradients. First pass ({@link #rowSums}): xhat = (x - m) r, the weight and bias gradient terms
     * {@code dy * xhat} and {@code dy} into the float block (at {@code wOff} and {@code width + wOff}), and the row
     * sums of {@code g = dy * w} and {@code g * xhat}. Second pass, the row in cache ({@link #rowInputGradient}):
     * {@code dx = r (g - mean(g) - xhat mean(g xhat))}, without the {@code mean(g)} term when not centered (RMSNorm).
     */
    private static void rowGradient(float[] dx, float[] dy, float[] x, int r, int n, float[] mean, float[] rstd,
                                    float[] w, int wOff, float[] block, int width, double[] sums, boolean centered,
                                    boolean accumulate) {
        int off = r * n;
        float m = centered ? mean[r] : 0f;
        float rs = rstd[r];
        rowSums(dy, x, off, n, m, rs, w, wOff, block, width, sums);
        if (dx != null) {
            float mg = centered ? (float) (sums[0] / n) : 0f;
            float mgx = (float) (sums[1] / n);
            rowInputGradient(dx, dy, x, off, n, m, rs, w, wOff, mg, mgx, accumulate);
        }
    }

    /** The first pass of {@link #rowGradient}: block terms, and the two row sums into sums[0] and sums[1]. */
    private static void rowSums(float[] dy, float[] x, int off, int n, float m, float r, float[] w, int wOff,
                                float[] block, int width, double[] sums) {
        FloatVector vm = FloatVector.broadcast(F, m);
        FloatVector vr = FloatVector.broadcast(F, r);
        double sumG = 0;
        double sumGX = 0;
        int bound = F.loopBound(n);
        int j = 0;
        while (j < bound) {
            // float lanes over SUM_BLOCK vectors, then double: a block's rounding stays within ~SUM_BLOCK ulps
            FloatVector sg = FloatVector.zero(F);
            FloatVector sx = sg;
            for (int end = Math.min(bound, j + SUM_BLOCK * L); j < end; j += L) {
                FloatVector g = FloatVector.fromArray(F, dy, off + j);
                FloatVector xhat = FloatVector.fromArray(F, x, off + j).sub(vm).mul(vr);
                int k = wOff + j;
                g.fma(xhat, FloatVector.fromArray(F, block, k)).intoArray(block, k);
                g.add(FloatVector.fromArray(F, block, width + k)).intoArray(block, width + k);
                FloatVector gw = g.mul(FloatVector.fromArray(F, w, k));
                sg = sg.add(gw);
                sx = gw.fma(xhat, sx);
            }
            for (int i = 0; i < L; i++) {
                sumG += sg.lane(i);
                sumGX += sx.lane(i);
            }
        }
        for (; j < n; j++) {
            float g = dy[off + j];
            float xhat = (x[off + j] - m) * r;
            int k = wOff + j;
            block[k] = Math.fma(g, xhat, block[k]);
            block[width + k] += g;
            float gw = g * w[k];
            sumG += gw;
            sumGX += gw * xhat;
        }
        sums[0] = sumG;
        sums[1] = sumGX;
    }

    /** {@code dx = r (dy w - mg - xhat mgx)}, or {@code dx +=} when accumulating, over one row. */
    private static void rowInputGradient(float[] dx, float[] dy, float[] x, int off, int n, float m, float r,
                                         float[] w, int wOff, float mg, float mgx, boolean accumulate) {
        if (accumulate) {
            rowInputGradientAdd(dx, dy, x, off, n, m, r, w, wOff, mg, mgx);
            return;
        }
        FloatVector vm = FloatVector.broadcast(F, m);
        FloatVector vr = FloatVector.broadcast(F, r);
        FloatVector vmg = FloatVector.broadcast(F, mg);
        FloatVector vmgx = FloatVector.broadcast(F, mgx);
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += L) {
            FloatVector xhat = FloatVector.fromArray(F, x, off + j).sub(vm).mul(vr);
            FloatVector gw = FloatVector.fromArray(F, dy, off + j).mul(FloatVector.fromArray(F, w, wOff + j));
            gw.sub(xhat.fma(vmgx, vmg)).mul(vr).intoArray(dx, off + j);
        }
        for (; j < n; j++) {
            float xhat = (x[off + j] - m) * r;
            dx[off + j] = (dy[off + j] * w[wOff + j] - Math.fma(xhat, mgx, mg)) * r;
        }
    }

    /** {@link #rowInputGradient} adding to dx. */
    private static void rowInputGradientAdd(float[] dx, float[] dy, float[] x, int off, int n, float m, float r,
                                            float[] w, int wOff, float mg, float mgx) {
        FloatVector vm = FloatVector.broadcast(F, m);
        FloatVector vr = FloatVector.broadcast(F, r);
        FloatVector vmg = FloatVector.broadcast(F, mg);
        FloatVector vmgx = FloatVector.broadcast(F, mgx);
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += L) {
            FloatVector xhat = FloatVector.fromArray(F, x, off + j).sub(vm).mul(vr);
            FloatVector gw = FloatVector.fromArray(F, dy, off + j).mul(FloatVector.fromArray(F, w, wOff + j));
            gw.sub(xhat.fma(vmgx, vmg)).fma(vr, FloatVector.fromArray(F, dx, off + j)).intoArray(dx, off + j);
        }
        for (; j < n; j++) {
            float xhat = (x[off + j] - m) * r;
            dx[off + j] = Math.fma(dy[off + j] * w[wOff + j] - Math.fma(xhat, mgx, mg), r, dx[off + j]);
        }
    }

    /**
     * {@link #rowGradient} for rows r0 and r0 + 1 of n values, n a multiple of the vector length, with the weight
     * slice at 0: the first pass goes column by column over both rows, loading each column's weight and block terms
     * once. Each row's values and sums are those {@link #rowGradient} computes for it, in the same order.
     */
    private static void pairGradient(float[] dx, float[] dy, float[] x, int r0, int n, float[] mean, float[] rstd,
                                     float[] w, float[] block, double[] sums, boolean centered, boolean accumulate) {
        int o0 = r0 * n;
        float m0 = centered ? mean[r0] : 0f;
        float m1 = centered ? mean[r0 + 1] : 0f;
        float rs0 = rstd[r0];
        float rs1 = rstd[r0 + 1];
        pairSums(dy, x, o0, n, m0, rs0, m1, rs1, w, block, sums);
        if (dx == null) {
            return;
        }
        float mg0 = centered ? (float) (sums[0] / n) : 0f;
        float mg1 = centered ? (float) (sums[1] / n) : 0f;
        rowInputGradient(dx, dy, x, o0, n, m0, rs0, w, 0, mg0, (float) (sums[2] / n), accumulate);
        rowInputGradient(dx, dy, x, o0 + n, n, m1, rs1, w, 0, mg1, (float) (sums[3] / n), accumulate);
    }

    /** The first pass of {@link #pairGradient}: sums[0], sums[1] = the rows' sum g, sums[2], sums[3] = sum g xhat. */
    private static void pairSums(float[] dy, float[] x, int o0, int n, float m0, float rs0, float m1, float rs1,
                                 float[] w, float[] block, double[] sums) {
        int o1 = o0 + n;
        FloatVector vm0 = FloatVector.broadcast(F, m0);
        FloatVector vm1 = FloatVector.broadcast(F, m1);
        FloatVector vr0 = FloatVector.broadcast(F, rs0);
        FloatVector vr1 = FloatVector.broadcast(F, rs1);
        double sg0Sum = 0;
        double sg1Sum = 0;
        double sx0Sum = 0;
        double sx1Sum = 0;
        int j = 0;
        while (j < n) {
            FloatVector sg0 = FloatVector.zero(F);
            FloatVector sg1 = sg0;
            FloatVector sx0 = sg0;
            FloatVector sx1 = sg0;
            for (int end = Math.min(n, j + SUM_BLOCK * L); j < end; j += L) {
                FloatVector wv = FloatVector.fromArray(F, w, j);
                FloatVector g0 = FloatVector.fromArray(F, dy, o0 + j);
                FloatVector g1 = FloatVector.fromArray(F, dy, o1 + j);
                FloatVector h0 = FloatVector.fromArray(F, x, o0 + j).sub(vm0).mul(vr0);
                FloatVector h1 = FloatVector.fromArray(F, x, o1 + j).sub(vm1).mul(vr1);
                g1.fma(h1, g0.fma(h0, FloatVector.fromArray(F, block, j))).intoArray(block, j);
                FloatVector.fromArray(F, block, n + j).add(g0).add(g1).intoArray(block, n + j);
                FloatVector gw0 = g0.mul(wv);
                FloatVector gw1 = g1.mul(wv);
                sg0 = sg0.add(gw0);
                sg1 = sg1.add(gw1);
                sx0 = gw0.fma(h0, sx0);
                sx1 = gw1.fma(h1, sx1);
            }
            for (int i = 0; i < L; i++) {
                sg0Sum += sg0.lane(i);
                sg1Sum += sg1.lane(i);
                sx0Sum += sx0.lane(i);
                sx1Sum += sx1.lane(i);
            }
        }
        sums[0] = sg0Sum;
        sums[1] = sg1Sum;
        sums[2] = sx0Sum;
        sums[3] = sx1Sum;
    }

    // ---- GroupNorm --------------------------------------------------------------------------------------------

    /** See {@code NormKernels.groupNormForward}: rows (n * groups) of c / groups channels of inner values. */
    static void groupNormForward(Parallel par, float[] y, float[] x, float[] mean, float[] rstd, float[] w,
                                 float[] b, int n, int c, int inner, int groups) {
        int perGroup = c / groups;
        int cols = perGroup * inner;
        forRows(par, n * groups, cols, (from, to) -> {
            for (int row = from; row < to; row++) {
                normalizeGroup(y, x, row, mean[row], rstd[row], w, b, c, inner, groups);
            }
        });
    }

    /** Statistics, then groupNormForward, row by row (each (sample, group) row is normalized while in cache). */
    static void groupNormForwardWithStatistics(Parallel par, float[] y, float[] mean, float[] var, float[] rstd,
                                               float[] x, float[] w, float[] b, int n, int c, int inner,
                                               int groups, float eps) {
        int perGroup = c / groups;
        int cols = perGroup * inner;
        forRows(par, n * groups, cols, (from, to) -> {
            for (int row = from; row < to; row++) {
                rowStatistics(mean, var, rstd, x, row, cols, eps);
                normalizeGroup(y, x, row, mean[row], rstd[row], w, b, c, inner, groups);
            }
        });
    }

    /** Normalizes row {@code (sample, group)}: each channel's inner values with that channel's weight and bias. */
    private static void normalizeGroup(float[] y, float[] x, int row, float m, float r, float[] w, float[] b, int c,
                                       int inner, int groups) {
        int perGroup = c / groups;
        int first = row % groups * perGroup;
        int off = row * perGroup * inner;
        if (inner == 1) {
            normalizeRow(y, x, off, perGroup, m, r, w, b, first);
            return;
        }
        for (int k = 0; k < perGroup; k++) {
            int ch = first + k;
            float scale = w == null ? r : r * w[ch];
            ChannelNorm.affine(y, x, off + k * inner, inner, m, scale, b == null ? 0f : b[ch], b != null);
        }
    }

    /** See {@code NormKernels.groupNormBackward}; dx, dw, db and w may be null; dx is overwritten unless accumulate. */
    static void groupNormBackward(Parallel par, float[] dx, float[] dw, float[] db, float[] dy, float[] x,
                                  float[] mean, float[] rstd, float[] w, int n, int c, int inner, int groups,
                                  boolean accumulate) {
        int perGroup = c / groups;
        int rows = n * groups;
        int cols = perGroup * inner;
        if (inner == 1) {
            rowBackward(par, dx, dw, db, dy, x, mean, rstd, w, rows, cols, groups, true, accumulate);
            return;
        }
        int parts = Lanes.parts(rows, cols);
        boolean sums = dw != null || db != null;
        double[] partial = sums ? Workspace.get().partialSums(parts * 2 * c) : null;
        Lanes.pick(par, (long) rows * cols).forEach(parts, p -> {
            int from = Lanes.partStart(rows, parts, p);
            int to = Lanes.partStart(rows, parts, p + 1);
            int base = p * 2 * c;
            if (sums) {
                Arrays.fill(partial, base, base + 2 * c, 0.0);
            }
            for (int row = from; row < to; row++) {
                groupGradient(dx, dw != null, db != null, partial, base, dy, x, row, mean[row], rstd[row], w, c,
                        inner, groups, accumulate);
            }
        });
        if (sums) {
            Lanes.addParts(dw, partial, 0, 2 * c, parts, c);
            Lanes.addParts(db, partial, c, 2 * c, parts, c);
        }
    }

    /**
     * One (sample, group) row of a GroupNorm backward. Per channel, in double: {@code A = sum dy} and
     * {@code B = sum dy xhat} (the bias and weight gradient terms), whose weighted sums are the row's
     * {@code sum g} and {@code sum g xhat}; then, from cache, {@code dx += r (g - mean(g) - xhat mean(g xhat))}.
     */
    private static void groupGradient(float[] dx, boolean wantDw, boolean wantDb, double[] partial, int base,
                                      float[] dy, float[] x, int row, float m, float r, float[] w, int c, int inner,
                                      int groups, boolean accumulate) {
        int perGroup = c / groups;
        int first = row % groups * perGroup;
        int off = row * perGroup * inner;
        double sumG = 0;
        double sumGX = 0;
        for (int k = 0; k < perGroup; k++) {
            int ch = first + k;
            int o = off + k * inner;
            double a = Lanes.sum(dy, o, inner);
            double bx = Lanes.deviationDot(dy, x, o, inner, m) * r;
            if (wantDw) {
                partial[base + ch] += bx;
            }
            if (wantDb) {
                partial[base + c + ch] += a;
            }
            double wc = w == null ? 1.0 : w[ch];
            sumG += wc * a;
            sumGX += wc * bx;
        }
        if (dx == null) {
            return;
        }
        double count = (double) perGroup * inner;
        float mg = (float) (sumG / count);
        float mgx = (float) (sumGX / count);
        for (int k = 0; k < perGroup; k++) {
            int ch = first + k;
            inputGradient(dx, dy, x, off + k * inner, inner, m, r, w == null ? 1f : w[ch], mg, mgx, accumulate);
        }
    }

    /** {@code dx += r (dy wc - mg - xhat mgx)} (or {@code =}), xhat = (x - m) r, over the n values at off. */
    private static void inputGradient(float[] dx, float[] dy, float[] x, int off, int n, float m, float r, float wc,
                                      float mg, float mgx, boolean accumulate) {
        FloatVector vm = FloatVector.broadcast(F, m);
        FloatVector vr = FloatVector.broadcast(F, r);
        FloatVector vw = FloatVector.broadcast(F, wc);
        FloatVector vmg = FloatVector.broadcast(F, mg);
        FloatVector vmgx = FloatVector.broadcast(F, mgx);
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += L) {
            FloatVector xhat = FloatVector.fromArray(F, x, off + j).sub(vm).mul(vr);
            FloatVector gw = FloatVector.fromArray(F, dy, off + j).mul(vw);
            FloatVector t = gw.sub(xhat.fma(vmgx, vmg));
            if (accumulate) {
                t.fma(vr, FloatVector.fromArray(F, dx, off + j)).intoArray(dx, off + j);
            } else {
                t.mul(vr).intoArray(dx, off + j);
            }
        }
        for (; j < n; j++) {
            float xhat = (x[off + j] - m) * r;
            float t = dy[off + j] * wc - Math.fma(xhat, mgx, mg);
            dx[off + j] = accumulate ? Math.fma(t, r, dx[off + j]) : t * r;
        }
    }

    // ---- RMSNorm ----------------------------------------------------------------------------------------------

    /** See {@code NormKernels.rmsNormForward}; w may be null. */
    static void rmsNormForward(Parallel par, float[] y, float[] rrms, float[] x, float[] w, int rows, int cols,
                               float eps) {
        forRows(par, rows, cols, (from, to) -> {
            for (int r = from; r < to; r++) {
                int off = r * cols;
                float inv = (float) (1.0 / Math.sqrt(Lanes.sumOfSquares(x, off, cols) / cols + eps));
                rrms[r] = inv;
                normalizeRow(y, x, off, cols, 0f, inv, w, null, 0);
            }
        });
    }

    /** See {@code NormKernels.rmsNormBackward}; dx, dw and w may be null; dx is overwritten unless accumulate. */
    static void rmsNormBackward(Parallel par, float[] dx, float[] dw, float[] dy, float[] x, float[] rrms,
                                float[] w, int rows, int cols, boolean accumulate) {
        rowBackward(par, dx, dw, null, dy, x, null, rrms, w, rows, cols, 1, false, accumulate);
    }
}
