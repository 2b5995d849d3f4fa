package dev.nn.cpu.simd;

import static dev.nn.cpu.simd.Lanes.F;
import static dev.nn.cpu.simd.Lanes.L;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * The row-layout normalization kernels: LayerNorm, GroupNorm (InstanceNorm is GroupNorm with one channel per group)
 * and RMSNorm over x viewed as {@code (rows, cols)}, a statistic per row.
 *
 * <p>Statistics are the scalar twin's two passes in double lanes (the sum, then the squared deviations from the mean):
 * a row is read from memory once, the second pass finds it in cache. Normalization and gradients are float32
 * arithmetic (a few roundings where the twin rounds once: well inside the kit's tolerance). Reductions accumulate in
 * double, from float partial sums over short blocks where the terms are products computed in float lanes (the row
 * sums of the gradient over {@link #SUM_BLOCK} vectors, the weight and bias gradients over {@link #BLOCK_ROWS} rows):
 * a block adds at most ~16 roundings of float, relative to the block's terms. The fused forward computes
 * a row's statistics and normalizes it while it is in cache, and the backward gets both row reductions in one pass,
 * then writes the row's input gradient from cache.
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

    /** Row r's statistics: the sum, then the squared deviations around the mean (the row is in cache by then). */
    static void rowStatistics(float[] mean, float[] var, float[] rstd, float[] x, int r, int cols, float eps) {
        int off = r * cols;
        double mu = Lanes.sum(x, off, cols) / cols;
        Lanes.store(mean, var, rstd, r, mu, Lanes.squaredDeviations(x, off, cols, mu) / cols, eps);
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
     * Rows go four at a time where they share a weight slice (groups 1) and fill whole vectors, so that the weight and
     * the float block of weight and bias gradient terms are loaded and stored once for four rows.
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
            float[] block = Workspace.get().rowBlock(2 * width);
            Arrays.fill(partial, base, base + 2 * width, 0.0);
            Arrays.fill(block, 0, 2 * width, 0f);
            int pending = 0;
            int r = from;
            while (r < to) {
                if (groups == 1 && cols % L == 0 && r + 4 <= to) {
                    quadGradient(dx, dy, x, r, cols, mean, rstd, weight, block, centered, accumulate);
                    r += 4;
                    pending += 4;
                } else {
                    float m = centered ? mean[r] : 0f;
                    rowGradient(dx, dy, x, r * cols, cols, m, rstd[r], weight, (r % groups) * cols, block, width,
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
     * One row's gradients. First pass: xhat = (x - m) r, the weight and bias gradient terms {@code dy * xhat} and
     * {@code dy} into the float block (at {@code wOff} and {@code width + wOff}), and the row sums of
     * {@code g = dy * w} and {@code g * xhat}. Second pass (the row is in cache):
     * {@code dx += r (g - mean(g) - xhat mean(g xhat))}, without the {@code mean(g)} term when not centered
     * (RMSNorm).
     */
    private static void rowGradient(float[] dx, float[] dy, float[] x, int off, int n, float m, float r, float[] w,
                                    int wOff, float[] block, int width, boolean centered, boolean accumulate) {
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
            sumG += Lanes.sumLanes(sg);
            sumGX += Lanes.sumLanes(sx);
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
        if (dx == null) {
            return;
        }
        float mg = centered ? (float) (sumG / n) : 0f;
        float mgx = (float) (sumGX / n);
        FloatVector vmg = FloatVector.broadcast(F, mg);
        FloatVector vmgx = FloatVector.broadcast(F, mgx);
        for (j = 0; j < bound; j += L) {
            FloatVector xhat = FloatVector.fromArray(F, x, off + j).sub(vm).mul(vr);
            FloatVector gw = FloatVector.fromArray(F, dy, off + j).mul(FloatVector.fromArray(F, w, wOff + j));
            FloatVector t = gw.sub(xhat.fma(vmgx, vmg));
            if (accumulate) {
                t.fma(vr, FloatVector.fromArray(F, dx, off + j)).intoArray(dx, off + j);
            } else {
                t.mul(vr).intoArray(dx, off + j);
            }
        }
        for (; j < n; j++) {
            float xhat = (x[off + j] - m) * r;
            float t = dy[off + j] * w[wOff + j] - Math.fma(xhat, mgx, mg);
            dx[off + j] = accumulate ? Math.fma(t, r, dx[off + j]) : t * r;
        }
    }

    /**
     * {@link #rowGradient} for rows {@code r0 .. r0 + 3} of n values, n a multiple of the vector length, with the
     * weight slice at 0, column by column: each column's weight and block terms are loaded and stored once for the
     * four rows. Each row's values and sums are those {@link #rowGradient} computes for it, in the same order.
     */
    private static void quadGradient(float[] dx, float[] dy, float[] x, int r0, int n, float[] mean, float[] rstd,
                                     float[] w, float[] block, boolean centered, boolean accumulate) {
        int o0 = r0 * n;
        int o1 = o0 + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        float m0 = centered ? mean[r0] : 0f;
        float m1 = centered ? mean[r0 + 1] : 0f;
        float m2 = centered ? mean[r0 + 2] : 0f;
        float m3 = centered ? mean[r0 + 3] : 0f;
        FloatVector vm0 = FloatVector.broadcast(F, m0);
        FloatVector vm1 = FloatVector.broadcast(F, m1);
        FloatVector vm2 = FloatVector.broadcast(F, m2);
        FloatVector vm3 = FloatVector.broadcast(F, m3);
        FloatVector vr0 = FloatVector.broadcast(F, rstd[r0]);
        FloatVector vr1 = FloatVector.broadcast(F, rstd[r0 + 1]);
        FloatVector vr2 = FloatVector.broadcast(F, rstd[r0 + 2]);
        FloatVector vr3 = FloatVector.broadcast(F, rstd[r0 + 3]);
        double sg0Sum = 0;
        double sg1Sum = 0;
        double sg2Sum = 0;
        double sg3Sum = 0;
        double sx0Sum = 0;
        double sx1Sum = 0;
        double sx2Sum = 0;
        double sx3Sum = 0;
        int j = 0;
        while (j < n) {
            FloatVector sg0 = FloatVector.zero(F);
            FloatVector sg1 = sg0;
            FloatVector sg2 = sg0;
            FloatVector sg3 = sg0;
            FloatVector sx0 = sg0;
            FloatVector sx1 = sg0;
            FloatVector sx2 = sg0;
            FloatVector sx3 = sg0;
            for (int end = Math.min(n, j + SUM_BLOCK * L); j < end; j += L) {
                FloatVector wv = FloatVector.fromArray(F, w, j);
                FloatVector g0 = FloatVector.fromArray(F, dy, o0 + j);
                FloatVector g1 = FloatVector.fromArray(F, dy, o1 + j);
                FloatVector g2 = FloatVector.fromArray(F, dy, o2 + j);
                FloatVector g3 = FloatVector.fromArray(F, dy, o3 + j);
                FloatVector h0 = FloatVector.fromArray(F, x, o0 + j).sub(vm0).mul(vr0);
                FloatVector h1 = FloatVector.fromArray(F, x, o1 + j).sub(vm1).mul(vr1);
                FloatVector h2 = FloatVector.fromArray(F, x, o2 + j).sub(vm2).mul(vr2);
                FloatVector h3 = FloatVector.fromArray(F, x, o3 + j).sub(vm3).mul(vr3);
                g3.fma(h3, g2.fma(h2, g1.fma(h1, g0.fma(h0, FloatVector.fromArray(F, block, j)))))
                        .intoArray(block, j);
                FloatVector.fromArray(F, block, n + j).add(g0).add(g1).add(g2).add(g3).intoArray(block, n + j);
                FloatVector gw0 = g0.mul(wv);
                FloatVector gw1 = g1.mul(wv);
                FloatVector gw2 = g2.mul(wv);
                FloatVector gw3 = g3.mul(wv);
                sg0 = sg0.add(gw0);
                sg1 = sg1.add(gw1);
                sg2 = sg2.add(gw2);
                sg3 = sg3.add(gw3);
                sx0 = gw0.fma(h0, sx0);
                sx1 = gw1.fma(h1, sx1);
                sx2 = gw2.fma(h2, sx2);
                sx3 = gw3.fma(h3, sx3);
            }
            sg0Sum += Lanes.sumLanes(sg0);
            sg1Sum += Lanes.sumLanes(sg1);
            sg2Sum += Lanes.sumLanes(sg2);
            sg3Sum += Lanes.sumLanes(sg3);
            sx0Sum += Lanes.sumLanes(sx0);
            sx1Sum += Lanes.sumLanes(sx1);
            sx2Sum += Lanes.sumLanes(sx2);
            sx3Sum += Lanes.sumLanes(sx3);
        }
        if (dx == null) {
            return;
        }
        FloatVector mg0 = FloatVector.broadcast(F, centered ? (float) (sg0Sum / n) : 0f);
        FloatVector mg1 = FloatVector.broadcast(F, centered ? (float) (sg1Sum / n) : 0f);
        FloatVector mg2 = FloatVector.broadcast(F, centered ? (float) (sg2Sum / n) : 0f);
        FloatVector mg3 = FloatVector.broadcast(F, centered ? (float) (sg3Sum / n) : 0f);
        FloatVector mx0 = FloatVector.broadcast(F, (float) (sx0Sum / n));
        FloatVector mx1 = FloatVector.broadcast(F, (float) (sx1Sum / n));
        FloatVector mx2 = FloatVector.broadcast(F, (float) (sx2Sum / n));
        FloatVector mx3 = FloatVector.broadcast(F, (float) (sx3Sum / n));
        for (j = 0; j < n; j += L) {
            FloatVector wv = FloatVector.fromArray(F, w, j);
            FloatVector h0 = FloatVector.fromArray(F, x, o0 + j).sub(vm0).mul(vr0);
            FloatVector h1 = FloatVector.fromArray(F, x, o1 + j).sub(vm1).mul(vr1);
            FloatVector h2 = FloatVector.fromArray(F, x, o2 + j).sub(vm2).mul(vr2);
            FloatVector h3 = FloatVector.fromArray(F, x, o3 + j).sub(vm3).mul(vr3);
            FloatVector t0 = FloatVector.fromArray(F, dy, o0 + j).mul(wv).sub(h0.fma(mx0, mg0));
            FloatVector t1 = FloatVector.fromArray(F, dy, o1 + j).mul(wv).sub(h1.fma(mx1, mg1));
            FloatVector t2 = FloatVector.fromArray(F, dy, o2 + j).mul(wv).sub(h2.fma(mx2, mg2));
            FloatVector t3 = FloatVector.fromArray(F, dy, o3 + j).mul(wv).sub(h3.fma(mx3, mg3));
            if (accumulate) {
                t0.fma(vr0, FloatVector.fromArray(F, dx, o0 + j)).intoArray(dx, o0 + j);
                t1.fma(vr1, FloatVector.fromArray(F, dx, o1 + j)).intoArray(dx, o1 + j);
                t2.fma(vr2, FloatVector.fromArray(F, dx, o2 + j)).intoArray(dx, o2 + j);
                t3.fma(vr3, FloatVector.fromArray(F, dx, o3 + j)).intoArray(dx, o3 + j);
            } else {
                t0.mul(vr0).intoArray(dx, o0 + j);
                t1.mul(vr1).intoArray(dx, o1 + j);
                t2.mul(vr2).intoArray(dx, o2 + j);
                t3.mul(vr3).intoArray(dx, o3 + j);
            }
        }
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
