package dev.nn.cpu.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
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
    static final VectorSpecies<Double> D = VectorSpecies.of(double.class, F.vectorShape());
    /** Float lanes filled by the second of two double vectors. */
    private static final VectorMask<Float> UPPER = upperHalf();
    /** Below this many elements the kernels run on the calling thread. */
    private static final int PARALLEL_ELEMENTS = 1 << 15;
    private static final Parallel SERIAL = new Parallel(1);

    private ChannelNorm() {
    }

    private static VectorMask<Float> upperHalf() {
        boolean[] bits = new boolean[F.length()];
        for (int i = D.length(); i < bits.length; i++) {
            bits[i] = true;
        }
        return VectorMask.fromArray(F, bits, 0);
    }

    private static Parallel pick(Parallel par, long elements) {
        return elements < PARALLEL_ELEMENTS ? SERIAL : par;
    }

    private static DoubleVector low(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
    }

    private static DoubleVector high(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, D, 1);
    }

    /** Rounds two double vectors to one float vector (lanes of lo first). */
    private static FloatVector narrow(DoubleVector lo, DoubleVector hi) {
        FloatVector l = (FloatVector) lo.convertShape(VectorOperators.D2F, F, 0);
        FloatVector h = (FloatVector) hi.convertShape(VectorOperators.D2F, F, -1);
        return l.blend(h, UPPER);
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
            FloatVector v = FloatVector.fromArray(F, a, off + i);
            DoubleVector dl = low(v).sub(m);
            DoubleVector dh = high(v).sub(m);
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
            FloatVector v = FloatVector.fromArray(F, x, off + i);
            narrow(low(v).sub(m).mul(s).add(t), high(v).sub(m).mul(s).add(t)).intoArray(y, off + i);
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
            double[] sums = new double[2];
            for (int b = 0; b < n; b++) {
                gradientSums(dy, x, (b * c + ch) * inner, inner, mu, inv, sums);
            }
            double sumDy = sums[0];
            double sumDyXhat = sums[1];
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
            double meanDy = batchStatistics ? sumDy / count : 0.0;
            double meanDyXhat = batchStatistics ? sumDyXhat / count : 0.0;
            for (int b = 0; b < n; b++) {
                inputGradient(dx, dy, x, (b * c + ch) * inner, inner, mu, inv, scale, meanDy, meanDyXhat,
                        batchStatistics);
            }
        });
    }

    /** sums[0] += sum dy, sums[1] += sum dy (x - mu) inv over one plane. */
    private static void gradientSums(float[] dy, float[] x, int off, int n, double mu, double inv, double[] sums) {
        DoubleVector m = DoubleVector.broadcast(D, mu);
        DoubleVector is = DoubleVector.broadcast(D, inv);
        DoubleVector dyLo = DoubleVector.zero(D);
        DoubleVector dyHi = dyLo;
        DoubleVector xhLo = dyLo;
        DoubleVector xhHi = dyLo;
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector g = FloatVector.fromArray(F, dy, off + i);
            FloatVector v = FloatVector.fromArray(F, x, off + i);
            DoubleVector gl = low(g);
            DoubleVector gh = high(g);
            dyLo = dyLo.add(gl);
            dyHi = dyHi.add(gh);
            xhLo = xhLo.add(gl.mul(low(v).sub(m)).mul(is));
            xhHi = xhHi.add(gh.mul(high(v).sub(m)).mul(is));
        }
        double sumDy = dyLo.add(dyHi).reduceLanes(VectorOperators.ADD);
        double sumDyXhat = xhLo.add(xhHi).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            double g = dy[off + i];
            sumDy += g;
            sumDyXhat += g * (x[off + i] - mu) * inv;
        }
        sums[0] += sumDy;
        sums[1] += sumDyXhat;
    }

    private static void inputGradient(float[] dx, float[] dy, float[] x, int off, int n, double mu, double inv,
                                      double scale, double meanDy, double meanDyXhat, boolean batchStatistics) {
        DoubleVector m = DoubleVector.broadcast(D, mu);
        DoubleVector is = DoubleVector.broadcast(D, inv);
        DoubleVector s = DoubleVector.broadcast(D, scale);
        DoubleVector mdy = DoubleVector.broadcast(D, meanDy);
        DoubleVector mdx = DoubleVector.broadcast(D, meanDyXhat);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector g = FloatVector.fromArray(F, dy, off + i);
            DoubleVector lo;
            DoubleVector hi;
            if (batchStatistics) {
                FloatVector v = FloatVector.fromArray(F, x, off + i);
                DoubleVector xhLo = low(v).sub(m).mul(is);
                DoubleVector xhHi = high(v).sub(m).mul(is);
                lo = s.mul(low(g).sub(mdy).sub(xhLo.mul(mdx)));
                hi = s.mul(high(g).sub(mdy).sub(xhHi.mul(mdx)));
            } else {
                lo = s.mul(low(g));
                hi = s.mul(high(g));
            }
            FloatVector.fromArray(F, dx, off + i).add(narrow(lo, hi)).intoArray(dx, off + i);
        }
        for (; i < n; i++) {
            double g = dy[off + i];
            if (batchStatistics) {
                double xhat = (x[off + i] - mu) * inv;
                dx[off + i] += (float) (scale * (g - meanDy - xhat * meanDyXhat));
            } else {
                dx[off + i] += (float) (scale * g);
            }
        }
    }
}
