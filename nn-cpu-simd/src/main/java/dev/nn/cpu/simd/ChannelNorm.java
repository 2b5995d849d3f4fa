package dev.nn.cpu.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * BatchNorm's per-channel kernels on {@code (n, c, inner)} data, one channel per task (so results do not depend on
 * the thread count). Like the scalar twins in {@code ScalarNormKernels} every value is widened to double, the
 * per-element arithmetic is the twin's double arithmetic in the twin's order (so outputs are bit-identical) and only
 * the order of the double reductions differs.
 */
final class ChannelNorm {
    static final VectorSpecies<Float> F = SimdSpecies.FLOAT;
    static final VectorSpecies<Double> D = SimdSpecies.DOUBLE;
    static final VectorSpecies<Float> FH = SimdSpecies.FLOAT_HALF;
    private static final int H = FH.length();
    /** Below this many elements the kernels run on the calling thread. */
    private static final int PARALLEL_ELEMENTS = 1 << 15;
    private static final Parallel SERIAL = new Parallel(1);

    private ChannelNorm() {
    }

    private static Parallel pick(Parallel par, long elements) {
        return elements < PARALLEL_ELEMENTS ? SERIAL : par;
    }

    /** @return the H floats at a[i..] widened to double */
    private static DoubleVector wide(float[] a, int i) {
        return (DoubleVector) FloatVector.fromArray(FH, a, i).convertShape(VectorOperators.F2D, D, 0);
    }

    /** @return v rounded to H floats */
    private static FloatVector narrow(DoubleVector v) {
        return (FloatVector) v.convertShape(VectorOperators.D2F, FH, 0);
    }

    /** mean, biased var (or null) and invstd per channel: two passes, the second around the mean. */
    static void statistics(Parallel par, float[] mean, float[] var, float[] invstd, float[] x, int n, int c,
                           int inner, float eps) {
        double count = (double) n * inner;
        pick(par, (long) n * c * inner).forEach(c, ch -> {
            double sum = 0;
            for (int b = 0; b < n; b++) {
                sum += Reductions.sum(x, (b * c + ch) * inner, inner);
            }
            double mu = sum / count;
            double sq = 0;
            for (int b = 0; b < n; b++) {
                sq += squaredDeviations(x, (b * c + ch) * inner, inner, mu);
            }
            double variance = sq / count;
            mean[ch] = (float) mu;
            if (var != null) {
                var[ch] = (float) variance;
            }
            invstd[ch] = (float) (1.0 / Math.sqrt(variance + eps));
        });
    }

    /** @return sum over i of (a[off + i] - mu)^2 in double */
    static double squaredDeviations(float[] a, int off, int n, double mu) {
        DoubleVector m = DoubleVector.broadcast(D, mu);
        DoubleVector lo = DoubleVector.zero(D);
        DoubleVector hi = lo;
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            DoubleVector dl = wide(a, off + i).sub(m);
            DoubleVector dh = wide(a, off + i + H).sub(m);
            lo = lo.add(dl.mul(dl));
            hi = hi.add(dh.mul(dh));
        }
        double s = lo.add(hi).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            double d = a[off + i] - mu;
            s += d * d;
        }
        return s;
    }

    /** y = (x - mean) invstd weight + bias per channel; weight and bias may be null. */
    static void forward(Parallel par, float[] y, float[] x, float[] mean, float[] invstd, float[] weight,
                        float[] bias, int n, int c, int inner) {
        pick(par, (long) n * c * inner).forEach(c, ch -> {
            double scale = weight == null ? invstd[ch] : (double) invstd[ch] * weight[ch];
            double shift = bias == null ? 0.0 : bias[ch];
            double mu = mean[ch];
            for (int b = 0; b < n; b++) {
                affine(y, x, (b * c + ch) * inner, inner, mu, scale, shift);
            }
        });
    }

    private static void affine(float[] y, float[] x, int off, int n, double mu, double scale, double shift) {
        DoubleVector m = DoubleVector.broadcast(D, mu);
        DoubleVector s = DoubleVector.broadcast(D, scale);
        DoubleVector t = DoubleVector.broadcast(D, shift);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            narrow(wide(x, off + i).sub(m).mul(s).add(t)).intoArray(y, off + i);
            narrow(wide(x, off + i + H).sub(m).mul(s).add(t)).intoArray(y, off + i + H);
        }
        for (; i < n; i++) {
            y[off + i] = (float) ((x[off + i] - mu) * scale + shift);
        }
    }

    /** See {@code NormKernels.channelNormBackward}; dx, dweight, dbias and weight may be null. */
    static void backward(Parallel par, float[] dx, float[] dweight, float[] dbias, float[] dy, float[] x,
                         float[] mean, float[] invstd, float[] weight, int n, int c, int inner,
                         boolean batchStatistics) {
        double count = (double) n * inner;
        pick(par, (long) n * c * inner).forEach(c, ch -> {
            double mu = mean[ch];
            double inv = invstd[ch];
            double sumDy = 0;
            double dot = 0;
            for (int b = 0; b < n; b++) {
                sumDy += Reductions.sum(dy, (b * c + ch) * inner, inner);
                dot += deviationDot(dy, x, (b * c + ch) * inner, inner, mu);
            }
            double sumDyXhat = dot * inv;
            if (dweight != null) {
                dweight[ch] += (float) sumDyXhat;
            }
            if (dbias != null) {
                dbias[ch] += (float) sumDy;
            }
            if (dx == null) {
                return;
            }
            double scale = weight == null ? inv : inv * weight[ch];
            double meanDy = sumDy / count;
            double meanDyXhat = sumDyXhat / count;
            for (int b = 0; b < n; b++) {
                if (batchStatistics) {
                    inputGradient(dx, dy, x, (b * c + ch) * inner, inner, mu, inv, scale, meanDy, meanDyXhat);
                } else {
                    scaledGradient(dx, dy, (b * c + ch) * inner, inner, scale);
                }
            }
        });
    }

    /** @return sum over i of dy[off + i] (x[off + i] - mu) in double */
    private static double deviationDot(float[] dy, float[] x, int off, int n, double mu) {
        DoubleVector m = DoubleVector.broadcast(D, mu);
        DoubleVector lo = DoubleVector.zero(D);
        DoubleVector hi = lo;
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            lo = lo.add(wide(dy, off + i).mul(wide(x, off + i).sub(m)));
            hi = hi.add(wide(dy, off + i + H).mul(wide(x, off + i + H).sub(m)));
        }
        double s = lo.add(hi).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += dy[off + i] * (x[off + i] - mu);
        }
        return s;
    }

    /** dx += scale (dy - meanDy - xhat meanDyXhat) with xhat = (x - mu) inv: the batch-statistics gradient. */
    private static void inputGradient(float[] dx, float[] dy, float[] x, int off, int n, double mu, double inv,
                                      double scale, double meanDy, double meanDyXhat) {
        DoubleVector m = DoubleVector.broadcast(D, mu);
        DoubleVector is = DoubleVector.broadcast(D, inv);
        DoubleVector s = DoubleVector.broadcast(D, scale);
        DoubleVector mdy = DoubleVector.broadcast(D, meanDy);
        DoubleVector mdx = DoubleVector.broadcast(D, meanDyXhat);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            for (int h = i; h < i + 2 * H; h += H) {
                DoubleVector t = s.mul(wide(dy, off + h).sub(mdy).sub(wide(x, off + h).sub(m).mul(is).mul(mdx)));
                FloatVector.fromArray(FH, dx, off + h).add(narrow(t)).intoArray(dx, off + h);
            }
        }
        for (; i < n; i++) {
            double xhat = (x[off + i] - mu) * inv;
            dx[off + i] += (float) (scale * (dy[off + i] - meanDy - xhat * meanDyXhat));
        }
    }

    /** dx += scale dy: the gradient through fixed (running) statistics. */
    private static void scaledGradient(float[] dx, float[] dy, int off, int n, double scale) {
        DoubleVector s = DoubleVector.broadcast(D, scale);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            for (int h = i; h < i + 2 * H; h += H) {
                FloatVector.fromArray(FH, dx, off + h).add(narrow(s.mul(wide(dy, off + h)))).intoArray(dx, off + h);
            }
        }
        for (; i < n; i++) {
            dx[off + i] += (float) (scale * dy[off + i]);
        }
    }
}
