package dev.nn.cpu.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight-penalty kernels of the regularizers (L1's sum and subgradient, Keras's MaxNorm), on one range of
 * elements or rows (one task). Sums are accumulated in double lanes like the scalar twins' double accumulators;
 * only their order differs. Element-wise results are the twins' float operations in the twins' order.
 */
final class Penalties {
    static final VectorSpecies<Float> F = SimdSpecies.FLOAT;
    static final VectorSpecies<Float> FH = SimdSpecies.FLOAT_HALF;
    static final VectorSpecies<Double> D = SimdSpecies.DOUBLE;
    private static final int H = FH.length();

    private Penalties() {
    }

    /** @return the H floats at a[i..] widened to double */
    private static DoubleVector wide(float[] a, int i) {
        return (DoubleVector) FloatVector.fromArray(FH, a, i).convertShape(VectorOperators.F2D, D, 0);
    }

    /** @return sum of |x[i]| over [from, to), in double */
    static double absSum(float[] x, int from, int to) {
        DoubleVector lo = DoubleVector.zero(D);
        DoubleVector hi = lo;
        int n = to - from;
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            lo = lo.add(wide(x, from + i).abs());
            hi = hi.add(wide(x, from + i + H).abs());
        }
        double s = lo.add(hi).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += Math.abs(x[from + i]);
        }
        return s;
    }

    /** dx[i] += lambda * signum(x[i]) over [from, to); signum keeps +-0 and NaN as they are, like Math.signum. */
    static void signAxpy(float[] dx, float lambda, float[] x, int from, int to) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector minusOne = FloatVector.broadcast(F, -1f);
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            FloatVector sign = v.blend(one, v.compare(VectorOperators.GT, 0f))
                    .blend(minusOne, v.compare(VectorOperators.LT, 0f));
            FloatVector.fromArray(F, dx, i).add(sign.mul(lambda)).intoArray(dx, i);     // mul, then add: no fma
        }
        for (; i < to; i++) {
            dx[i] += lambda * Math.signum(x[i]);
        }
    }

    /**
     * Rows {@code [from, to)} of {@code w (rows, cols)} scaled by {@code min(norm, maxNorm) / (eps + norm)}, the norm
     * from a double sum of squares.
     */
    static void maxNormRows(float[] w, int cols, int from, int to, float maxNorm, float eps) {
        for (int r = from; r < to; r++) {
            int off = r * cols;
            float norm = (float) Math.sqrt(squares(w, off, cols));
            float factor = Math.min(norm, maxNorm) / (eps + norm);
            FloatVector f = FloatVector.broadcast(F, factor);
            int c = 0;
            for (int bound = F.loopBound(cols); c < bound; c += F.length()) {
                FloatVector.fromArray(F, w, off + c).mul(f).intoArray(w, off + c);
            }
            for (; c < cols; c++) {
                w[off + c] *= factor;
            }
        }
    }

    /** @return sum of a[off + i]^2 over i in [0, n), in double (each square exact) */
    private static double squares(float[] a, int off, int n) {
        DoubleVector lo = DoubleVector.zero(D);
        DoubleVector hi = lo;
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            DoubleVector l = wide(a, off + i);
            DoubleVector h = wide(a, off + i + H);
            lo = lo.add(l.mul(l));
            hi = hi.add(h.mul(h));
        }
        double s = lo.add(hi).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += (double) a[off + i] * a[off + i];
        }
        return s;
    }
}
