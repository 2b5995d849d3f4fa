package dev.nn.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise kernels over flat arrays. Each does the scalar twin's float operations in the same order (no fused
 * multiply-add where the twin has none), so results are bit-identical to {@code ScalarBackend}. Kernels over
 * {@code [from, to)} are called on ranges of a whole array ({@link Lanes#ranges}), one task per range.
 */
final class Elementwise {
    static final VectorSpecies<Float> F = SimdSpecies.FLOAT;

    private Elementwise() {
    }

    /** out = a + b over [from, to). */
    static void add(int from, int to, float[] out, float[] a, float[] b) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
            FloatVector.fromArray(F, a, i).add(FloatVector.fromArray(F, b, i)).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = a[i] + b[i];
        }
    }

    /** out = a * b over [from, to). */
    static void mul(int from, int to, float[] out, float[] a, float[] b) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
            FloatVector.fromArray(F, a, i).mul(FloatVector.fromArray(F, b, i)).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = a[i] * b[i];
        }
    }

    /** out = alpha * x over [from, to). */
    static void scale(int from, int to, float[] out, float[] x, float alpha) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
            FloatVector.fromArray(F, x, i).mul(alpha).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = alpha * x[i];
        }
    }

    /** y += alpha * x over [from, to). */
    static void axpy(int from, int to, float alpha, float[] x, float[] y) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
            FloatVector vy = FloatVector.fromArray(F, y, i);
            vy.add(FloatVector.fromArray(F, x, i).mul(alpha)).intoArray(y, i);
        }
        for (; i < to; i++) {
            y[i] += alpha * x[i];
        }
    }

    /** dst[dstOff + i] += src[srcOff + i] for i < n. */
    static void addInto(int n, float[] src, int srcOff, float[] dst, int dstOff) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector.fromArray(F, dst, dstOff + i).add(FloatVector.fromArray(F, src, srcOff + i))
                    .intoArray(dst, dstOff + i);
        }
        for (; i < n; i++) {
            dst[dstOff + i] += src[srcOff + i];
        }
    }

    /** x[off + i] += v for i < n. */
    static void addScalar(int n, float v, float[] x, int off) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector.fromArray(F, x, off + i).add(v).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] += v;
        }
    }

    /** x (rows, cols) += v (cols) on every row. */
    static void addRowVector(float[] x, float[] v, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            addInto(cols, v, 0, x, r * cols);
        }
    }

    /** y = x > 0 || x is NaN ? x : 0 (so -0 becomes 0), exactly as the twin; compare-and-blend is one mask each. */
    static void relu(int from, int to, float[] y, float[] x) {
        FloatVector zero = FloatVector.zero(F);
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            zero.blend(v, v.compare(VectorOperators.GT, 0f).or(v.compare(VectorOperators.NE, v))).intoArray(y, i);
        }
        for (; i < to; i++) {
            y[i] = x[i] > 0f ? x[i] : (Float.isNaN(x[i]) ? x[i] : 0f);
        }
    }

    /** y = x > 0 ? x : slope x. */
    static void leakyRelu(int from, int to, float slope, float[] y, float[] x) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, i);
        }
        for (; i < to; i++) {
            y[i] = x[i] > 0f ? x[i] : x[i] * slope;
        }
    }

    /** dx += x > 0 ? dy : slope dy (slope 0 is ReLU). */
    static void leakyReluBackward(int from, int to, float slope, float[] dx, float[] dy, float[] x) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
            FloatVector d = FloatVector.fromArray(F, dy, i);
            VectorMask<Float> positive = FloatVector.fromArray(F, x, i).compare(VectorOperators.GT, 0f);
            FloatVector g = d.mul(slope).blend(d, positive);
            FloatVector.fromArray(F, dx, i).add(g).intoArray(dx, i);
        }
        for (; i < to; i++) {
            dx[i] += x[i] > 0f ? dy[i] : dy[i] * slope;
        }
    }

    /** dx += dy (1 - y^2), tanh's derivative from its output. */
    static void tanhBackward(int from, int to, float[] dx, float[] dy, float[] y) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
            FloatVector vy = FloatVector.fromArray(F, y, i);
            FloatVector g = FloatVector.fromArray(F, dy, i).mul(vy.mul(vy).neg().add(1f));
            FloatVector.fromArray(F, dx, i).add(g).intoArray(dx, i);
        }
        for (; i < to; i++) {
            dx[i] += dy[i] * (1f - y[i] * y[i]);
        }
    }

    /** dx += dy y (1 - y), the logistic's derivative from its output. */
    static void sigmoidBackward(int from, int to, float[] dx, float[] dy, float[] y) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
            FloatVector vy = FloatVector.fromArray(F, y, i);
            FloatVector g = FloatVector.fromArray(F, dy, i).mul(vy).mul(vy.neg().add(1f));
            FloatVector.fromArray(F, dx, i).add(g).intoArray(dx, i);
        }
        for (; i < to; i++) {
            dx[i] += dy[i] * y[i] * (1f - y[i]);
        }
    }
}
