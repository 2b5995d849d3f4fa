package dev.nn.cpu.simd;

import static dev.nn.cpu.simd.Lanes.D;
import static dev.nn.cpu.simd.Lanes.F;
import static dev.nn.cpu.simd.Lanes.H;
import static dev.nn.cpu.simd.Lanes.L;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * BatchNorm's per-channel kernels on {@code (n, c, inner)} data.
 *
 * <p>Kernels that need a channel's statistics or sums before writing split the channels into blocks of consecutive
 * channels that fit in {@link #BLOCK_BYTES} (at least one), one block per task, and walk a block sample by sample:
 * a sample's slices of a block are contiguous, so memory is read in runs of {@code block * inner} values, and the
 * block is still in cache for the second pass. When those runs would be shorter than {@link #RUN_BYTES}
 * ({@link #streams}: small images in large batches, and {@code (n, c)} input) a block walk would visit a page per
 * run and leave the prefetchers idle, so {@link StreamNorm} reads all of x in memory order instead, twice. So does the
 * plain forward, which needs no sums. A channel's sums accumulate in its own double lanes (kept across the samples,
 * so a slice costs no reduction), then its lanes are added in lane order: each channel's arithmetic is the same in any
 * block, and results do not depend on the thread count.
 *
 * <p>A channel's values are spread over the whole batch, so a second pass over them would cost a second read from
 * memory unless the block fits in cache. Statistics therefore take one pass, in double lanes, of the deviations
 * {@code d = x - k} from a shift {@code k} (the channel's first value): {@code mean = k + sum(d) / N},
 * {@code var = sum(d^2) / N - (sum(d) / N)^2}. Each {@code d} and {@code d^2} is exact or within an ulp of double,
 * and the subtraction loses at most a factor {@code 1 + (mean - k)^2 / var} of double's precision, which is at most
 * N because k is one of the values; far below float32's (measured by {@code SimdNormAccuracyTest} on a mean of 1e4
 * with a standard deviation of 1e-2). The fused forward normalizes a block right after its statistics, while it is
 * in cache; the backward gets both of its sums in one pass, then writes the input gradient from cache.
 * Normalization and input gradients are float32 arithmetic: a few roundings where the scalar twin rounds once.
 */
final class ChannelNorm {
    /** Bytes of one array's values in a block of channels: well inside a core's L2 cache. */
    static final int BLOCK_BYTES = 1 << 18;
    /** Shortest run of a block's values per sample worth a block walk: a page's worth of prefetching. */
    static final int RUN_BYTES = 1 << 12;

    private ChannelNorm() {
    }

    /** @return channels per block: as many as fit in {@link #BLOCK_BYTES}, at least one */
    static int blockChannels(int n, int c, int inner) {
        return (int) Math.max(1, Math.min(c, BLOCK_BYTES / (4L * n * inner)));
    }

    /** @return whether the kernels read x in memory order ({@link StreamNorm}) rather than block by block */
    static boolean streams(int n, int c, int inner) {
        return inner == 1 || 4L * blockChannels(n, c, inner) * inner < RUN_BYTES;
    }

    /** Runs body over blocks of consecutive channels {@code [from, to)}. */
    private static void forBlocks(Parallel par, int n, int c, int inner, RowNorm.Rows body) {
        int per = blockChannels(n, c, inner);
        int tasks = (c + per - 1) / per;
        Lanes.pick(par, (long) n * c * inner).forEach(tasks, t -> body.run(t * per, Math.min(c, (t + 1) * per)));
    }

    /** mean, biased var (or null) and invstd per channel. */
    static void statistics(Parallel par, float[] mean, float[] var, float[] invstd, float[] x, int n, int c,
                           int inner, float eps) {
        if (streams(n, c, inner)) {
            StreamNorm.statistics(par, mean, var, invstd, x, n, c, inner, eps);
            return;
        }
        double[] tails = Workspace.get().partialSums(2 * c);
        forBlocks(par, n, c, inner, (from, to) -> blockStatistics(mean, var, invstd, x, n, c, inner, from, to, eps,
                tails));
    }

    /**
     * Statistics of channels [from, to): their deviation sums slice by slice, sample by sample, in each channel's
     * double lanes (the task's workspace) and, for the values past the last whole vector of a slice, in
     * {@code tails[ch]} and {@code tails[c + ch]}.
     */
    private static void blockStatistics(float[] mean, float[] var, float[] invstd, float[] x, int n, int c,
                                        int inner, int from, int to, float eps, double[] tails) {
        double[] lanes = Workspace.get().laneSums(2 * H * (to - from));
        Arrays.fill(lanes, 0, 2 * H * (to - from), 0.0);
        Arrays.fill(tails, from, to, 0.0);
        Arrays.fill(tails, c + from, c + to, 0.0);
        for (int b = 0; b < n; b++) {
            for (int ch = from; ch < to; ch++) {
                sliceMoments(x, (b * c + ch) * inner, inner, x[ch * inner], lanes, 2 * H * (ch - from), tails, ch, c);
            }
        }
        double count = (double) n * inner;
        for (int ch = from; ch < to; ch++) {
            int at = 2 * H * (ch - from);
            double s = Lanes.sumLanes(lanes, at) + tails[ch];
            double q = Lanes.sumLanes(lanes, at + H) + tails[c + ch];
            double m = s / count;
            Lanes.store(mean, var, invstd, ch, x[ch * inner] + m, Math.max(0.0, q / count - m * m), eps);
        }
    }

    /**
     * Adds {@code x - k} over the n values at off to the double lanes at {@code lanes[at]} and {@code (x - k)^2} to
     * those at {@code lanes[at + H]}; values past the last whole vector go to {@code tails[i]} and
     * {@code tails[c + i]}.
     */
    static void sliceMoments(float[] x, int off, int n, double k, double[] lanes, int at, double[] tails,
                                     int i, int c) {
        int bound = F.loopBound(n);
        if (bound > 0) {
            DoubleVector vk = DoubleVector.broadcast(D, k);
            DoubleVector s0 = DoubleVector.fromArray(D, lanes, at);
            DoubleVector q0 = DoubleVector.fromArray(D, lanes, at + H);
            DoubleVector s1 = DoubleVector.zero(D);
            DoubleVector q1 = s1;
            for (int j = 0; j < bound; j += L) {
                DoubleVector d0 = Lanes.wide(x, off + j).sub(vk);
                DoubleVector d1 = Lanes.wide(x, off + j + H).sub(vk);
                s0 = s0.add(d0);
                s1 = s1.add(d1);
                q0 = d0.fma(d0, q0);
                q1 = d1.fma(d1, q1);
            }
            s0.add(s1).intoArray(lanes, at);
            q0.add(q1).intoArray(lanes, at + H);
        }
        double s = 0;
        double q = 0;
        for (int j = bound; j < n; j++) {
            double d = x[off + j] - k;
            s += d;
            q += d * d;
        }
        tails[i] += s;
        tails[c + i] += q;
    }

    /** y = (x - mean) invstd weight + bias per channel, in memory order; weight and bias may be null. */
    static void forward(Parallel par, float[] y, float[] x, float[] mean, float[] invstd, float[] weight,
                        float[] bias, int n, int c, int inner) {
        StreamNorm.forward(par, y, x, mean, invstd, weight, bias, n, c, inner, false);
    }

    /** Statistics, then forward, block by block: each block is normalized while it is still in cache. */
    static void forwardWithStatistics(Parallel par, float[] y, float[] mean, float[] var, float[] invstd,
                                      float[] x, float[] weight, float[] bias, int n, int c, int inner, float eps) {
        if (streams(n, c, inner)) {
            StreamNorm.forwardWithStatistics(par, y, mean, var, invstd, x, weight, bias, n, c, inner, eps);
            return;
        }
        double[] tails = Workspace.get().partialSums(2 * c);
        forBlocks(par, n, c, inner, (from, to) -> {
            blockStatistics(mean, var, invstd, x, n, c, inner, from, to, eps, tails);
            for (int b = 0; b < n; b++) {
                for (int ch = from; ch < to; ch++) {
                    normalizeSlice(y, x, (b * c + ch) * inner, inner, mean[ch], invstd[ch], weight, bias, ch);
                }
            }
        });
    }

    /** One (sample, channel) slice: {@code y = (x - m) (inv weight[ch]) + bias[ch]}. */
    static void normalizeSlice(float[] y, float[] x, int off, int inner, float m, float inv, float[] weight,
                               float[] bias, int ch) {
        float scale = weight == null ? inv : inv * weight[ch];
        affine(y, x, off, inner, m, scale, bias == null ? 0f : bias[ch], bias != null);
    }

    /** {@code y = (x - m) scale + shift} (without the shift when there is none) over the n values at off. */
    static void affine(float[] y, float[] x, int off, int n, float m, float scale, float shift, boolean shifted) {
        FloatVector vm = FloatVector.broadcast(F, m);
        FloatVector vs = FloatVector.broadcast(F, scale);
        int i = 0;
        int bound = F.loopBound(n);
        if (shifted) {
            FloatVector vt = FloatVector.broadcast(F, shift);
            for (; i < bound; i += L) {
                FloatVector.fromArray(F, x, off + i).sub(vm).fma(vs, vt).intoArray(y, off + i);
            }
            for (; i < n; i++) {
                y[off + i] = Math.fma(x[off + i] - m, scale, shift);
            }
        } else {
            for (; i < bound; i += L) {
                FloatVector.fromArray(F, x, off + i).sub(vm).mul(vs).intoArray(y, off + i);
            }
            for (; i < n; i++) {
                y[off + i] = (x[off + i] - m) * scale;
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
        if (streams(n, c, inner)) {
            StreamNorm.backward(par, dx, dweight, dbias, dy, x, mean, invstd, weight, n, c, inner, batchStatistics,
                    accumulate);
            return;
        }
        double[] tails = Workspace.get().partialSums(2 * c);
        double count = (double) n * inner;
        forBlocks(par, n, c, inner, (from, to) -> {
            double[] lanes = Workspace.get().laneSums(2 * H * (to - from));
            Arrays.fill(lanes, 0, 2 * H * (to - from), 0.0);
            Arrays.fill(tails, from, to, 0.0);
            Arrays.fill(tails, c + from, c + to, 0.0);
            for (int b = 0; b < n; b++) {
                for (int ch = from; ch < to; ch++) {
                    sliceGradientSums(dy, x, (b * c + ch) * inner, inner, mean[ch], lanes, 2 * H * (ch - from),
                            tails, ch, c);
                }
            }
            for (int ch = from; ch < to; ch++) {
                int at = 2 * H * (ch - from);
                double sumDy = Lanes.sumLanes(lanes, at) + tails[ch];
                double sumDyXhat = (Lanes.sumLanes(lanes, at + H) + tails[c + ch])
                        * invstd[ch];
                if (dweight != null) {
                    dweight[ch] += (float) sumDyXhat;
                }
                if (dbias != null) {
                    dbias[ch] += (float) sumDy;
                }
                // kept for the input gradient pass: the block's own range of tails
                tails[ch] = sumDy / count;
                tails[c + ch] = sumDyXhat / count;
            }
            if (dx == null) {
                return;
            }
            for (int b = 0; b < n; b++) {
                for (int ch = from; ch < to; ch++) {
                    int off = (b * c + ch) * inner;
                    float inv = invstd[ch];
                    float scale = (float) (weight == null ? inv : (double) inv * weight[ch]);
                    if (batchStatistics) {
                        inputGradient(dx, dy, x, off, inner, mean[ch], inv, scale, (float) tails[ch],
                                (float) tails[c + ch], accumulate);
                    } else {
                        scaledGradient(dx, dy, off, inner, scale, accumulate);
                    }
                }
            }
        });
    }

    /**
     * Adds {@code dy} over the n values at off to the double lanes at {@code lanes[at]} and {@code dy (x - m)} to
     * those at {@code lanes[at + H]}; values past the last whole vector go to {@code tails[i]} and
     * {@code tails[c + i]}.
     */
    static void sliceGradientSums(float[] dy, float[] x, int off, int n, double m, double[] lanes, int at,
                                          double[] tails, int i, int c) {
        int bound = F.loopBound(n);
        if (bound > 0) {
            DoubleVector vm = DoubleVector.broadcast(D, m);
            DoubleVector a0 = DoubleVector.fromArray(D, lanes, at);
            DoubleVector b0 = DoubleVector.fromArray(D, lanes, at + H);
            DoubleVector a1 = DoubleVector.zero(D);
            DoubleVector b1 = a1;
            for (int j = 0; j < bound; j += L) {
                DoubleVector g0 = Lanes.wide(dy, off + j);
                DoubleVector g1 = Lanes.wide(dy, off + j + H);
                a0 = a0.add(g0);
                a1 = a1.add(g1);
                b0 = g0.fma(Lanes.wide(x, off + j).sub(vm), b0);
                b1 = g1.fma(Lanes.wide(x, off + j + H).sub(vm), b1);
            }
            a0.add(a1).intoArray(lanes, at);
            b0.add(b1).intoArray(lanes, at + H);
        }
        double sumDy = 0;
        double dot = 0;
        for (int j = bound; j < n; j++) {
            double g = dy[off + j];
            sumDy += g;
            dot += g * (x[off + j] - m);
        }
        tails[i] += sumDy;
        tails[c + i] += dot;
    }

    /**
     * {@code dx += scale (dy - meanDy - xhat meanDyXhat)} (or {@code =}) with xhat = (x - m) inv: the
     * batch-statistics gradient.
     */
    static void inputGradient(float[] dx, float[] dy, float[] x, int off, int n, float m, float inv, float scale,
                              float meanDy, float meanDyXhat, boolean accumulate) {
        FloatVector vm = FloatVector.broadcast(F, m);
        FloatVector vi = FloatVector.broadcast(F, inv);
        FloatVector vs = FloatVector.broadcast(F, scale);
        FloatVector vmdy = FloatVector.broadcast(F, meanDy);
        FloatVector vmdx = FloatVector.broadcast(F, meanDyXhat);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector xhat = FloatVector.fromArray(F, x, off + i).sub(vm).mul(vi);
            FloatVector t = FloatVector.fromArray(F, dy, off + i).sub(xhat.fma(vmdx, vmdy));
            if (accumulate) {
                t.fma(vs, FloatVector.fromArray(F, dx, off + i)).intoArray(dx, off + i);
            } else {
                t.mul(vs).intoArray(dx, off + i);
            }
        }
        for (; i < n; i++) {
            float xhat = (x[off + i] - m) * inv;
            float t = dy[off + i] - Math.fma(xhat, meanDyXhat, meanDy);
            dx[off + i] = accumulate ? Math.fma(t, scale, dx[off + i]) : t * scale;
        }
    }

    /** {@code dx += scale dy} (or {@code =}): the gradient through fixed (running) statistics. */
    static void scaledGradient(float[] dx, float[] dy, int off, int n, float scale, boolean accumulate) {
        FloatVector vs = FloatVector.broadcast(F, scale);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            if (accumulate) {
                FloatVector.fromArray(F, dy, off + i).fma(vs, FloatVector.fromArray(F, dx, off + i))
                        .intoArray(dx, off + i);
            } else {
                FloatVector.fromArray(F, dy, off + i).mul(vs).intoArray(dx, off + i);
            }
        }
        for (; i < n; i++) {
            dx[off + i] = accumulate ? Math.fma(dy[off + i], scale, dx[off + i]) : dy[off + i] * scale;
        }
    }
}
