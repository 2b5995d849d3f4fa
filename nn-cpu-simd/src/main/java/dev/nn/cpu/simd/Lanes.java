package dev.nn.cpu.simd;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Species and double-lane helpers of the normalization kernels. Statistics accumulate in double lanes: each half of
 * a float vector is loaded as a {@link SimdSpecies#FLOAT_HALF} vector and widened to one double vector (exactly a
 * double vector's lanes), so sums are as accurate as the scalar twins' double accumulators and only their order
 * differs. (Widening the upper half of a float vector already in registers, {@code convertShape(F2D, D, 1)}, is not
 * reliably compiled to vector instructions, and is avoided.)
 */
final class Lanes {
    static final VectorSpecies<Float> F = SimdSpecies.FLOAT;
    static final VectorSpecies<Double> D = SimdSpecies.DOUBLE;
    static final VectorSpecies<Float> FH = SimdSpecies.FLOAT_HALF;
    /** Floats per vector. */
    static final int L = F.length();
    /** Floats per half vector = doubles per double vector. */
    static final int H = FH.length();
    /** Below this many elements a kernel runs on the calling thread: forking costs more than it saves. */
    static final int PARALLEL_ELEMENTS = 1 << 15;
    /** Values per task of the kernels whose split does not change results (at least a few rows' worth). */
    static final int TASK_ELEMENTS = 1 << 15;
    /** Most parts a reduction over rows is split into; parts are fixed by the shape, never by the thread count. */
    static final int MAX_PARTS = 32;
    /** Fewest values per part of a reduction over rows. */
    static final int PART_ELEMENTS = 1 << 16;
    /**
     * Elements per task of an elementwise kernel ({@link #ranges}): with the spinning pool a hand-over costs about a
     * microsecond, less than such a range takes even in cache, so arrays of a small model's activations split too.
     */
    static final int RANGE_ELEMENTS = 1 << 13;
    /** The calling thread alone. */
    static final Parallel SERIAL = new Parallel(1);

    private Lanes() {
    }

    /** @return par, or {@link #SERIAL} when {@code elements} is too small to split */
    static Parallel pick(Parallel par, long elements) {
        return elements < PARALLEL_ELEMENTS ? SERIAL : par;
    }

    /**
     * Runs body over consecutive ranges {@code [from, to)} of n elements, {@link #RANGE_ELEMENTS} each (a multiple of
     * every vector length) but the last, one task each. For kernels whose every element is computed on its own, so
     * that the split never changes a result.
     */
    static void ranges(Parallel par, int n, RowNorm.Rows body) {
        ranges(par, n, RANGE_ELEMENTS, body);
    }

    /** Runs body over consecutive ranges of n elements, {@code size} each but the last, one task each. */
    static void ranges(Parallel par, int n, int size, RowNorm.Rows body) {
        par.forEach((n + size - 1) / size, t -> body.run(t * size, Math.min(n, (t + 1) * size)));
    }

    /**
     * @param rows rows reduced over
     * @param cols values per row
     * @return how many parts a reduction over rows is split into: a function of the shape only, so that the order
     *         of the double additions, and the result, is the same on any number of threads
     */
    static int parts(int rows, long cols) {
        long byElements = rows * cols / PART_ELEMENTS;
        return (int) Math.max(1, Math.min(Math.min(MAX_PARTS, rows), byElements));
    }

    /** @return the first row of part p of rows split into parts */
    static int partStart(int rows, int parts, int p) {
        return (int) ((long) rows * p / parts);
    }

    /** @return the H floats at a[i..] widened to double */
    static DoubleVector wide(float[] a, int i) {
        return (DoubleVector) FloatVector.fromArray(FH, a, i).convertShape(VectorOperators.F2D, D, 0);
    }

    /**
     * @return the H doubles at a[at..] (a double vector's lanes) added in lane order. Lanes are always added in a
     *         fixed order, never with {@code reduceLanes(ADD)}: its order is unspecified for floating point, and the
     *         compiled code's order differs from the interpreter's (measured: a kernel's float reductions changed bits
     *         once C2 compiled it), so results would depend on how far the JIT has got. Register vectors are added
     *         lane by lane where they are ({@code for (i < H) s += v.lane(i)}), not passed to a helper: a vector
     *         that crosses a call the JIT does not inline is allocated.
     */
    static double sumLanes(double[] a, int at) {
        double s = 0;
        for (int i = 0; i < H; i++) {
            s += a[at + i];
        }
        return s;
    }

    /** @return the sum of a[off .. off + n) in double (four independent lane sums hide the add latency) */
    static double sum(float[] a, int off, int n) {
        DoubleVector s0 = DoubleVector.zero(D);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            s0 = s0.add(wide(a, off + i));
            s1 = s1.add(wide(a, off + i + H));
            s2 = s2.add(wide(a, off + i + L));
            s3 = s3.add(wide(a, off + i + L + H));
        }
        if (i <= n - L) {
            s0 = s0.add(wide(a, off + i));
            s1 = s1.add(wide(a, off + i + H));
            i += L;
        }
        DoubleVector t = s0.add(s1).add(s2.add(s3));
        double s = 0;
        for (int k = 0; k < H; k++) {
            s += t.lane(k);
        }
        for (; i < n; i++) {
            s += a[off + i];
        }
        return s;
    }

    /** @return the sum of squares of a[off .. off + n) in double */
    static double sumOfSquares(float[] a, int off, int n) {
        DoubleVector q0 = DoubleVector.zero(D);
        DoubleVector q1 = q0;
        DoubleVector q2 = q0;
        DoubleVector q3 = q0;
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            DoubleVector v0 = wide(a, off + i);
            DoubleVector v1 = wide(a, off + i + H);
            DoubleVector v2 = wide(a, off + i + L);
            DoubleVector v3 = wide(a, off + i + L + H);
            q0 = v0.fma(v0, q0);
            q1 = v1.fma(v1, q1);
            q2 = v2.fma(v2, q2);
            q3 = v3.fma(v3, q3);
        }
        if (i <= n - L) {
            DoubleVector v0 = wide(a, off + i);
            DoubleVector v1 = wide(a, off + i + H);
            q0 = v0.fma(v0, q0);
            q1 = v1.fma(v1, q1);
            i += L;
        }
        DoubleVector t = q0.add(q1).add(q2.add(q3));
        double q = 0;
        for (int k = 0; k < H; k++) {
            q += t.lane(k);
        }
        for (; i < n; i++) {
            q += (double) a[off + i] * a[off + i];
        }
        return q;
    }

    /** @return the sum over i of dy[off + i] (x[off + i] - mu) in double */
    static double deviationDot(float[] dy, float[] x, int off, int n, double mu) {
        DoubleVector m = DoubleVector.broadcast(D, mu);
        DoubleVector s0 = DoubleVector.zero(D);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
            s0 = wide(dy, off + i).fma(wide(x, off + i).sub(m), s0);
            s1 = wide(dy, off + i + H).fma(wide(x, off + i + H).sub(m), s1);
            s2 = wide(dy, off + i + L).fma(wide(x, off + i + L).sub(m), s2);
            s3 = wide(dy, off + i + L + H).fma(wide(x, off + i + L + H).sub(m), s3);
        }
        if (i <= n - L) {
            s0 = wide(dy, off + i).fma(wide(x, off + i).sub(m), s0);
            s1 = wide(dy, off + i + H).fma(wide(x, off + i + H).sub(m), s1);
            i += L;
        }
        DoubleVector t = s0.add(s1).add(s2.add(s3));
        double s = 0;
        for (int k = 0; k < H; k++) {
            s += t.lane(k);
        }
        for (; i < n; i++) {
            s += dy[off + i] * (x[off + i] - mu);
        }
        return s;
    }

    /**
     * Writes one mean, its biased variance (when wanted) and {@code 1/sqrt(var + eps)}, each rounded once to float,
     * as the scalar twin's {@code store}.
     */
    static void store(float[] mean, float[] var, float[] invstd, int i, double mu, double variance, float eps) {
        mean[i] = (float) mu;
        if (var != null) {
            var[i] = (float) variance;
        }
        invstd[i] = (float) (1.0 / Math.sqrt(variance + eps));
    }

    /** {@code sums[base + j] += block[j]} in double, then {@code block[j] = 0}, for j in [0, n). */
    static void flush(float[] block, double[] sums, int base, int n) {
        int j = 0;
        for (int bound = FH.loopBound(n); j < bound; j += H) {
            DoubleVector.fromArray(D, sums, base + j).add(wide(block, j)).intoArray(sums, base + j);
        }
        for (; j < n; j++) {
            sums[base + j] += block[j];
        }
        Arrays.fill(block, 0, n, 0f);
    }

    /** Adds each part's sums, in part order, into target: {@code target[j] += (float) sum_p sums[p * stride + j]}. */
    static void addParts(float[] target, double[] sums, int base, int stride, int parts, int n) {
        if (target == null) {
            return;
        }
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int p = 0; p < parts; p++) {
                s += sums[base + p * stride + j];
            }
            target[j] += (float) s;
        }
    }
}
