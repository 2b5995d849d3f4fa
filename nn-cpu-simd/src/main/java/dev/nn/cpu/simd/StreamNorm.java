package dev.nn.cpu.simd;

import static dev.nn.cpu.simd.Lanes.D;
import static dev.nn.cpu.simd.Lanes.F;
import static dev.nn.cpu.simd.Lanes.FH;
import static dev.nn.cpu.simd.Lanes.H;
import static dev.nn.cpu.simd.Lanes.L;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * BatchNorm's channel kernels that read x in memory order: the forward with given statistics for every shape (it
 * needs no sums), and everything for the shapes whose channels lie in short runs ({@link ChannelNorm#streams}):
 * {@code (n, c)} input (BatchNorm1d), where a channel is a column, and small images in large batches. Gathering such
 * a channel touches a cache line or a page per run, and with a power-of-two row length blocks of columns alias to a
 * few cache sets, so these kernels read whole samples in order instead: with vectors across the channels for
 * {@code (n, c)} input, along each slice otherwise.
 *
 * <p>The statistics, or the backward's sums, are one pass over all of x in memory order, into per-channel double
 * sums (an array per part of the samples: a row's worth for {@code (n, c)} input, a channel's double lanes
 * otherwise), and normalization or the input gradient is a second pass in memory order, backwards so that it starts
 * with what the first pass read last (still in the last-level cache). Statistics are one pass about a shift, as in
 * {@link ChannelNorm}: the shift of a channel is its first value, so the parts' sums of deviations add up without
 * correction. Samples are split into {@link Lanes#parts} parts fixed by the shape and the parts' double sums are
 * added in order, so results do not depend on the thread count; the second passes split samples freely.
 */
final class StreamNorm {
    /** Rows accumulated per load and store of the double sums. */
    private static final int ROWS = 4;

    private StreamNorm() {
    }

    /** mean, biased var (or null) and invstd per channel of x (n, c, inner). */
    static void statistics(Parallel par, float[] mean, float[] var, float[] invstd, float[] x, int n, int c,
                           int inner, float eps) {
        if (inner > 1) {
            sliceStatistics(par, mean, var, invstd, x, n, c, inner, eps);
            return;
        }
        int parts = Lanes.parts(n, c);
        double[] partial = Workspace.get().partialSums(parts * 2 * c);
        Lanes.pick(par, (long) n * c).forEach(parts, p -> {
            int base = p * 2 * c;
            Arrays.fill(partial, base, base + 2 * c, 0.0);
            columnMoments(x, Lanes.partStart(n, parts, p), Lanes.partStart(n, parts, p + 1), c, partial, base);
        });
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            double q = 0;
            for (int p = 0; p < parts; p++) {
                s += partial[p * 2 * c + ch];
                q += partial[p * 2 * c + c + ch];
            }
            double m = s / n;
            Lanes.store(mean, var, invstd, ch, x[ch] + m, Math.max(0.0, q / n - m * m), eps);
        }
    }

    /** Doubles per part of the per-channel sums of slices: two lanes vectors per channel, then two tails. */
    private static int sliceStride(int c) {
        return 2 * c * (H + 1);
    }

    /** {@link #statistics} for inner > 1: each slice's deviations into its channel's double lanes. */
    private static void sliceStatistics(Parallel par, float[] mean, float[] var, float[] invstd, float[] x, int n,
                                        int c, int inner, float eps) {
        int parts = Lanes.parts(n, (long) c * inner);
        int stride = sliceStride(c);
        double[] partial = Workspace.get().partialSums(parts * stride);
        Lanes.pick(par, (long) n * c * inner).forEach(parts, p -> {
            int base = p * stride;
            int tails = base + 2 * H * c;
            Arrays.fill(partial, base, base + stride, 0.0);
            for (int b = Lanes.partStart(n, parts, p); b < Lanes.partStart(n, parts, p + 1); b++) {
                for (int ch = 0; ch < c; ch++) {
                    ChannelNorm.sliceMoments(x, (b * c + ch) * inner, inner, x[ch * inner], partial,
                            base + 2 * H * ch, partial, tails + ch, c);
                }
            }
        });
        double count = (double) n * inner;
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            double q = 0;
            for (int p = 0; p < parts; p++) {
                int at = p * stride + 2 * H * ch;
                int tails = p * stride + 2 * H * c;
                s += Lanes.sumLanes(partial, at) + partial[tails + ch];
                q += Lanes.sumLanes(partial, at + H) + partial[tails + c + ch];
            }
            double m = s / count;
            Lanes.store(mean, var, invstd, ch, x[ch * inner] + m, Math.max(0.0, q / count - m * m), eps);
        }
    }

    /**
     * Adds, for rows {@code [from, to)} of x (n, c) and each column j, {@code d = x[r, j] - x[0, j]} to
     * {@code acc[base + j]} and {@code d^2} to {@code acc[base + c + j]}, in double.
     */
    private static void columnMoments(float[] x, int from, int to, int c, double[] acc, int base) {
        int vectorEnd = FH.loopBound(c);
        int r = from;
        for (; r + ROWS <= to; r += ROWS) {
            int o = r * c;
            int j = 0;
            for (; j < vectorEnd; j += H) {
                DoubleVector k = Lanes.wide(x, j);
                DoubleVector d0 = Lanes.wide(x, o + j).sub(k);
                DoubleVector d1 = Lanes.wide(x, o + c + j).sub(k);
                DoubleVector d2 = Lanes.wide(x, o + 2 * c + j).sub(k);
                DoubleVector d3 = Lanes.wide(x, o + 3 * c + j).sub(k);
                DoubleVector.fromArray(D, acc, base + j).add(d0.add(d1).add(d2.add(d3)))
                        .intoArray(acc, base + j);
                DoubleVector.fromArray(D, acc, base + c + j).add(d0.fma(d0, d1.mul(d1)).add(d2.fma(d2, d3.mul(d3))))
                        .intoArray(acc, base + c + j);
            }
            for (; j < c; j++) {
                double k = x[j];
                double d0 = x[o + j] - k;
                double d1 = x[o + c + j] - k;
                double d2 = x[o + 2 * c + j] - k;
                double d3 = x[o + 3 * c + j] - k;
                acc[base + j] += d0 + d1 + (d2 + d3);
                acc[base + c + j] += Math.fma(d0, d0, d1 * d1) + Math.fma(d2, d2, d3 * d3);
            }
        }
        for (; r < to; r++) {
            int o = r * c;
            int j = 0;
            for (; j < vectorEnd; j += H) {
                DoubleVector d = Lanes.wide(x, o + j).sub(Lanes.wide(x, j));
                DoubleVector.fromArray(D, acc, base + j).add(d).intoArray(acc, base + j);
                d.fma(d, DoubleVector.fromArray(D, acc, base + c + j)).intoArray(acc, base + c + j);
            }
            for (; j < c; j++) {
                double d = x[o + j] - (double) x[j];
                acc[base + j] += d;
                acc[base + c + j] = Math.fma(d, d, acc[base + c + j]);
            }
        }
    }

    /** y = (x - mean) invstd weight + bias per channel, in memory order; weight and bias may be null. */
    static void forward(Parallel par, float[] y, float[] x, float[] mean, float[] invstd, float[] weight,
                        float[] bias, int n, int c, int inner, boolean backwards) {
        if (inner > 1) {
            forSlices(par, n * c, inner, backwards, (from, to) -> {
                for (int k = from; k < to; k++) {
                    int slice = backwards ? from + to - 1 - k : k;
                    int ch = slice % c;
                    ChannelNorm.normalizeSlice(y, x, slice * inner, inner, mean[ch], invstd[ch], weight, bias, ch);
                }
            });
            return;
        }
        float[] scale = Workspace.get().perChannel(c);
        for (int j = 0; j < c; j++) {
            scale[j] = weight == null ? invstd[j] : invstd[j] * weight[j];
        }
        forSlices(par, n, c, backwards, (from, to) -> {
            for (int k = 0; k < to - from; k += 2) {
                if (to - from - k >= 2) {
                    normalizeRows(y, x, (backwards ? to - k - 2 : from + k) * c, c, mean, scale, bias);
                } else {
                    normalizeRow(y, x, (backwards ? to - k - 1 : from + k) * c, c, mean, scale, bias);
                }
            }
        });
    }

    /** statistics, then forward backwards (starting with the samples the statistics read last). */
    static void forwardWithStatistics(Parallel par, float[] y, float[] mean, float[] var, float[] invstd, float[] x,
                                      float[] weight, float[] bias, int n, int c, int inner, float eps) {
        statistics(par, mean, var, invstd, x, n, c, inner, eps);
        forward(par, y, x, mean, invstd, weight, bias, n, c, inner, true);
    }

    /**
     * Runs body over ranges of {@code count} units (slices or rows) of {@code size} values, as
     * {@link RowNorm#forRows}; with {@code backwards} the last range is handed out first (and the body walks its
     * range backwards).
     */
    private static void forSlices(Parallel par, int count, int size, boolean backwards, RowNorm.Rows body) {
        int per = Math.max(1, Lanes.TASK_ELEMENTS / Math.max(size, 1));
        int tasks = (count + per - 1) / per;
        Lanes.pick(par, (long) count * size).forEach(tasks, i -> {
            int t = backwards ? tasks - 1 - i : i;
            body.run(t * per, Math.min(count, (t + 1) * per));
        });
    }

    /** Two rows of x (n, c) at off: {@link #normalizeRow} for both, each coefficient vector loaded once. */
    private static void normalizeRows(float[] y, float[] x, int off, int c, float[] mean, float[] scale,
                                      float[] bias) {
        int j = 0;
        int bound = F.loopBound(c);
        int o2 = off + c;
        if (bias != null) {
            for (; j < bound; j += L) {
                FloatVector m = FloatVector.fromArray(F, mean, j);
                FloatVector s = FloatVector.fromArray(F, scale, j);
                FloatVector b = FloatVector.fromArray(F, bias, j);
                FloatVector.fromArray(F, x, off + j).sub(m).fma(s, b).intoArray(y, off + j);
                FloatVector.fromArray(F, x, o2 + j).sub(m).fma(s, b).intoArray(y, o2 + j);
            }
            for (; j < c; j++) {
                y[off + j] = Math.fma(x[off + j] - mean[j], scale[j], bias[j]);
                y[o2 + j] = Math.fma(x[o2 + j] - mean[j], scale[j], bias[j]);
            }
        } else {
            for (; j < bound; j += L) {
                FloatVector m = FloatVector.fromArray(F, mean, j);
                FloatVector s = FloatVector.fromArray(F, scale, j);
                FloatVector.fromArray(F, x, off + j).sub(m).mul(s).intoArray(y, off + j);
                FloatVector.fromArray(F, x, o2 + j).sub(m).mul(s).intoArray(y, o2 + j);
            }
            for (; j < c; j++) {
                y[off + j] = (x[off + j] - mean[j]) * scale[j];
                y[o2 + j] = (x[o2 + j] - mean[j]) * scale[j];
            }
        }
    }

    /** One row of x (n, c): {@code y[j] = (x[j] - mean[j]) scale[j] + bias[j]}. */
    private static void normalizeRow(float[] y, float[] x, int off, int c, float[] mean, float[] scale,
                                     float[] bias) {
        int j = 0;
        int bound = F.loopBound(c);
        if (bias != null) {
            for (; j < bound; j += L) {
                FloatVector.fromArray(F, x, off + j).sub(FloatVector.fromArray(F, mean, j))
                        .fma(FloatVector.fromArray(F, scale, j), FloatVector.fromArray(F, bias, j))
                        .intoArray(y, off + j);
            }
            for (; j < c; j++) {
                y[off + j] = Math.fma(x[off + j] - mean[j], scale[j], bias[j]);
            }
        } else {
            for (; j < bound; j += L) {
                FloatVector.fromArray(F, x, off + j).sub(FloatVector.fromArray(F, mean, j))
                        .mul(FloatVector.fromArray(F, scale, j)).intoArray(y, off + j);
            }
            for (; j < c; j++) {
                y[off + j] = (x[off + j] - mean[j]) * scale[j];
            }
        }
    }

    /**
     * See {@code NormKernels.channelNormBackward}; dx, dweight, dbias and weight may be null; dx is overwritten unless
     * accumulate.
     */
    static void backward(Parallel par, float[] dx, float[] dweight, float[] dbias, float[] dy, float[] x,
                         float[] mean, float[] invstd, float[] weight, int n, int c, int inner,
                         boolean batchStatistics, boolean accumulate) {
        if (inner > 1) {
            sliceBackward(par, dx, dweight, dbias, dy, x, mean, invstd, weight, n, c, inner, batchStatistics,
                    accumulate);
            return;
        }
        // per column: scale, -scale meanDy, -scale invstd meanDyXhat
        float[] coefficients = Workspace.get().perChannel(3 * c);
        int parts = Lanes.parts(n, c);
        double[] partial = Workspace.get().partialSums(parts * 2 * c);
        Lanes.pick(par, (long) n * c).forEach(parts, p -> {
            int base = p * 2 * c;
            Arrays.fill(partial, base, base + 2 * c, 0.0);
            columnGradientSums(dy, x, mean, Lanes.partStart(n, parts, p), Lanes.partStart(n, parts, p + 1), c,
                    partial, base);
        });
        for (int ch = 0; ch < c; ch++) {
            double sumDy = 0;
            double dot = 0;
            for (int p = 0; p < parts; p++) {
                sumDy += partial[p * 2 * c + ch];
                dot += partial[p * 2 * c + c + ch];
            }
            double sumDyXhat = dot * invstd[ch];
            if (dweight != null) {
                dweight[ch] += (float) sumDyXhat;
            }
            if (dbias != null) {
                dbias[ch] += (float) sumDy;
            }
            double scale = weight == null ? invstd[ch] : (double) invstd[ch] * weight[ch];
            coefficients[ch] = (float) scale;
            // dx = scale dy - scale meanDy - (x - mean) scale invstd meanDyXhat: four vectors per column
            coefficients[c + ch] = batchStatistics ? (float) -(scale * sumDy / n) : 0f;
            coefficients[2 * c + ch] = batchStatistics ? (float) -(scale * invstd[ch] * sumDyXhat / n) : 0f;
        }
        if (dx == null) {
            return;
        }
        forSlices(par, n, c, true, (from, to) -> {
            for (int r = to - 1; r >= from; r--) {
                if (batchStatistics) {
                    inputGradientRow(dx, dy, x, r * c, c, mean, coefficients, accumulate);
                } else {
                    scaledGradientRow(dx, dy, r * c, c, coefficients, accumulate);
                }
            }
        });
    }

    /** {@link #backward} for inner > 1: slice sums into each channel's double lanes, then dx slice by slice. */
    private static void sliceBackward(Parallel par, float[] dx, float[] dweight, float[] dbias, float[] dy,
                                      float[] x, float[] mean, float[] invstd, float[] weight, int n, int c,
                                      int inner, boolean batchStatistics, boolean accumulate) {
        int parts = Lanes.parts(n, (long) c * inner);
        int stride = sliceStride(c);
        double[] partial = Workspace.get().partialSums(parts * stride);
        Lanes.pick(par, (long) n * c * inner).forEach(parts, p -> {
            int base = p * stride;
            int tails = base + 2 * H * c;
            Arrays.fill(partial, base, base + stride, 0.0);
            for (int b = Lanes.partStart(n, parts, p); b < Lanes.partStart(n, parts, p + 1); b++) {
                for (int ch = 0; ch < c; ch++) {
                    ChannelNorm.sliceGradientSums(dy, x, (b * c + ch) * inner, inner, mean[ch], partial,
                            base + 2 * H * ch, partial, tails + ch, c);
                }
            }
        });
        // per channel: scale, meanDy, meanDyXhat
        float[] coefficients = Workspace.get().perChannel(3 * c);
        double count = (double) n * inner;
        for (int ch = 0; ch < c; ch++) {
            double sumDy = 0;
            double dot = 0;
            for (int p = 0; p < parts; p++) {
                int at = p * stride + 2 * H * ch;
                int tails = p * stride + 2 * H * c;
                sumDy += Lanes.sumLanes(partial, at) + partial[tails + ch];
                dot += Lanes.sumLanes(partial, at + H) + partial[tails + c + ch];
            }
            double sumDyXhat = dot * invstd[ch];
            if (dweight != null) {
                dweight[ch] += (float) sumDyXhat;
            }
            if (dbias != null) {
                dbias[ch] += (float) sumDy;
            }
            coefficients[ch] = (float) (weight == null ? invstd[ch] : (double) invstd[ch] * weight[ch]);
            coefficients[c + ch] = (float) (sumDy / count);
            coefficients[2 * c + ch] = (float) (sumDyXhat / count);
        }
        if (dx == null) {
            return;
        }
        forSlices(par, n * c, inner, true, (from, to) -> {
            for (int slice = to - 1; slice >= from; slice--) {
                int ch = slice % c;
                if (batchStatistics) {
                    ChannelNorm.inputGradient(dx, dy, x, slice * inner, inner, mean[ch], invstd[ch], coefficients[ch],
                            coefficients[c + ch], coefficients[2 * c + ch], accumulate);
                } else {
                    ChannelNorm.scaledGradient(dx, dy, slice * inner, inner, coefficients[ch], accumulate);
                }
            }
        });
    }

    /**
     * Adds, for rows {@code [from, to)} of (n, c) and each column j, {@code dy} to {@code acc[base + j]} and
     * {@code dy (x - mean[j])} to {@code acc[base + c + j]}, in double.
     */
    private static void columnGradientSums(float[] dy, float[] x, float[] mean, int from, int to, int c,
                                           double[] acc, int base) {
        int vectorEnd = FH.loopBound(c);
        int r = from;
        for (; r + ROWS <= to; r += ROWS) {
            int o = r * c;
            int j = 0;
            for (; j < vectorEnd; j += H) {
                DoubleVector m = Lanes.wide(mean, j);
                DoubleVector g0 = Lanes.wide(dy, o + j);
                DoubleVector g1 = Lanes.wide(dy, o + c + j);
                DoubleVector g2 = Lanes.wide(dy, o + 2 * c + j);
                DoubleVector g3 = Lanes.wide(dy, o + 3 * c + j);
                DoubleVector.fromArray(D, acc, base + j).add(g0.add(g1).add(g2.add(g3))).intoArray(acc, base + j);
                DoubleVector t = g0.mul(Lanes.wide(x, o + j).sub(m));
                t = g1.fma(Lanes.wide(x, o + c + j).sub(m), t);
                t = g2.fma(Lanes.wide(x, o + 2 * c + j).sub(m), t);
                t = g3.fma(Lanes.wide(x, o + 3 * c + j).sub(m), t);
                DoubleVector.fromArray(D, acc, base + c + j).add(t).intoArray(acc, base + c + j);
            }
            for (; j < c; j++) {
                double m = mean[j];
                double t = 0;
                double s = 0;
                for (int i = 0; i < ROWS; i++) {
                    double g = dy[o + i * c + j];
                    s += g;
                    t = Math.fma(g, x[o + i * c + j] - m, t);
                }
                acc[base + j] += s;
                acc[base + c + j] += t;
            }
        }
        for (; r < to; r++) {
            int o = r * c;
            int j = 0;
            for (; j < vectorEnd; j += H) {
                DoubleVector g = Lanes.wide(dy, o + j);
                DoubleVector.fromArray(D, acc, base + j).add(g).intoArray(acc, base + j);
                g.fma(Lanes.wide(x, o + j).sub(Lanes.wide(mean, j)), DoubleVector.fromArray(D, acc, base + c + j))
                        .intoArray(acc, base + c + j);
            }
            for (; j < c; j++) {
                double g = dy[o + j];
                acc[base + j] += g;
                acc[base + c + j] = Math.fma(g, x[o + j] - (double) mean[j], acc[base + c + j]);
            }
        }
    }

    /**
     * One row of the batch-statistics input gradient of x (n, c): {@code dx[j] += scale[j] dy[j] + k0[j]
     * + k1[j] (x[j] - mean[j])} (or {@code =}), where coefficients holds scale, {@code k0 = -scale meanDy} and
     * {@code k1 = -scale invstd meanDyXhat}: the twin's {@code scale (dy - meanDy - xhat meanDyXhat)} with four
     * per-column vectors instead of five.
     */
    private static void inputGradientRow(float[] dx, float[] dy, float[] x, int off, int c, float[] mean,
                                         float[] coefficients, boolean accumulate) {
        int j = 0;
        for (int bound = F.loopBound(c); j < bound; j += L) {
            FloatVector g = FloatVector.fromArray(F, dy, off + j).fma(FloatVector.fromArray(F, coefficients, j),
                    FloatVector.fromArray(F, coefficients, c + j));
            FloatVector t = FloatVector.fromArray(F, x, off + j).sub(FloatVector.fromArray(F, mean, j))
                    .fma(FloatVector.fromArray(F, coefficients, 2 * c + j), g);
            if (accumulate) {
                t.add(FloatVector.fromArray(F, dx, off + j)).intoArray(dx, off + j);
            } else {
                t.intoArray(dx, off + j);
            }
        }
        for (; j < c; j++) {
            float g = Math.fma(dy[off + j], coefficients[j], coefficients[c + j]);
            float t = Math.fma(x[off + j] - mean[j], coefficients[2 * c + j], g);
            dx[off + j] = accumulate ? t + dx[off + j] : t;
        }
    }

    /** One row of the fixed-statistics input gradient: {@code dx[j] += scale[j] dy[j]} (or {@code =}). */
    private static void scaledGradientRow(float[] dx, float[] dy, int off, int c, float[] scale,
                                          boolean accumulate) {
        int j = 0;
        for (int bound = F.loopBound(c); j < bound; j += L) {
            if (accumulate) {
                FloatVector.fromArray(F, dy, off + j).fma(FloatVector.fromArray(F, scale, j),
                        FloatVector.fromArray(F, dx, off + j)).intoArray(dx, off + j);
            } else {
                FloatVector.fromArray(F, dy, off + j).mul(FloatVector.fromArray(F, scale, j))
                        .intoArray(dx, off + j);
            }
        }
        for (; j < c; j++) {
            dx[off + j] = accumulate ? Math.fma(dy[off + j], scale[j], dx[off + j]) : dy[off + j] * scale[j];
        }
    }
}
