package dev.nn.cpu.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sums accumulated in double lanes (each half of a float vector widened to one double vector), in a fixed order, so
 * results are deterministic and as accurate as the scalar twin's double accumulator. Lanes are added in lane order
 * (see {@link Lanes#sumLanes}), never with {@code reduceLanes}, whose order changes once the JIT compiles it.
 */
final class Reductions {
    static final VectorSpecies<Float> F = SimdSpecies.FLOAT;
    static final VectorSpecies<Double> D = SimdSpecies.DOUBLE;
    static final VectorSpecies<Float> FH = SimdSpecies.FLOAT_HALF;
    private static final int H = FH.length();

    private Reductions() {
    }

    /** @return the H floats at a[i..] widened to double */
    private static DoubleVector wide(float[] a, int i) {
        return (DoubleVector) FloatVector.fromArray(FH, a, i).convertShape(VectorOperators.F2D, D, 0);
    }

    /** @return the sum of a[off .. off + n) */
    static double sum(float[] a, int off, int n) {
        DoubleVector lo = DoubleVector.zero(D);
        DoubleVector hi = lo;
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            lo = lo.add(wide(a, off + i));
            hi = hi.add(wide(a, off + i + H));
        }
        DoubleVector t = lo.add(hi);
        double s = 0;
        for (int k = 0; k < H; k++) {
            s += t.lane(k);
        }
        for (; i < n; i++) {
            s += a[off + i];
        }
        return s;
    }

    /** @return the sum of squares of a[0 .. n) */
    static double sumOfSquares(float[] a, int n) {
        DoubleVector lo = DoubleVector.zero(D);
        DoubleVector hi = lo;
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            DoubleVector l = wide(a, i);
            DoubleVector h = wide(a, i + H);
            lo = lo.add(l.mul(l));
            hi = hi.add(h.mul(h));
        }
        DoubleVector t = lo.add(hi);
        double s = 0;
        for (int k = 0; k < H; k++) {
            s += t.lane(k);
        }
        for (; i < n; i++) {
            s += (double) a[i] * a[i];
        }
        return s;
    }

    /** out[c] += sum over r of x[r, c], x (rows, cols); each column summed in double, rows in order. */
    static void sumRows(float[] out, float[] x, int rows, int cols) {
        int c = 0;
        int step = F.length();
        double[] lanes = new double[step];
        for (int bound = F.loopBound(cols); c < bound; c += step) {
            DoubleVector lo = DoubleVector.zero(D);
            DoubleVector hi = lo;
            for (int r = 0; r < rows; r++) {
                lo = lo.add(wide(x, r * cols + c));
                hi = hi.add(wide(x, r * cols + c + H));
            }
            lo.intoArray(lanes, 0);
            hi.intoArray(lanes, H);
            for (int j = 0; j < step; j++) {
                out[c + j] += (float) lanes[j];
            }
        }
        for (; c < cols; c++) {
            double s = 0;
            for (int r = 0; r < rows; r++) {
                s += x[r * cols + c];
            }
            out[c] += (float) s;
        }
    }
}
