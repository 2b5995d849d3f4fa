package dev.nn.cpu.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sums accumulated in double lanes (each float vector widened into two double vectors), in a fixed order, so
 * results are deterministic and as accurate as the scalar twin's double accumulator.
 */
final class Reductions {
    static final VectorSpecies<Float> F = SimdSpecies.FLOAT;
    static final VectorSpecies<Double> D = VectorSpecies.of(double.class, F.vectorShape());

    private Reductions() {
    }

    /** @return the sum of a[off .. off + n) */
    static double sum(float[] a, int off, int n) {
        DoubleVector lo = DoubleVector.zero(D);
        DoubleVector hi = lo;
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, a, off + i);
            lo = lo.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0));
            hi = hi.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1));
        }
        double s = lo.add(hi).reduceLanes(VectorOperators.ADD);
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
            FloatVector v = FloatVector.fromArray(F, a, i);
            DoubleVector l = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector h = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 1);
            lo = lo.add(l.mul(l));
            hi = hi.add(h.mul(h));
        }
        double s = lo.add(hi).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += (double) a[i] * a[i];
        }
        return s;
    }

    /** out[c] += sum over r of x[r, c], x (rows, cols); each column summed in double, rows in order. */
    static void sumRows(float[] out, float[] x, int rows, int cols) {
        int c = 0;
        int step = F.length();
        int half = D.length();
        double[] lanes = new double[step];
        for (int bound = F.loopBound(cols); c < bound; c += step) {
            DoubleVector lo = DoubleVector.zero(D);
            DoubleVector hi = lo;
            for (int r = 0; r < rows; r++) {
                FloatVector v = FloatVector.fromArray(F, x, r * cols + c);
                lo = lo.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0));
                hi = hi.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1));
            }
            lo.intoArray(lanes, 0);
            hi.intoArray(lanes, half);
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
