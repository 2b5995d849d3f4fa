package dev.nn.cpu.simd;

import static jdk.incubator.vector.VectorOperators.NE;

import dev.nn.api.backend.Pool2dGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling with the 2x2, stride 2, unpadded window, L outputs of a row at a time. The two input rows of an output
 * row are loaded as they lie and split into the windows' four corners by even/odd shuffles.
 *
 * <p>The maximum picks the scalar twin's element, not just its value: the first input equal to the lane-wise
 * maximum. Equality cannot tell -0 from +0, so a window of zeros yields its first zero with its sign, as the twin's
 * strict {@code >} scan does. Vectors whose windows hold a NaN (the twin picks the first NaN) are done one window at
 * a time by the twin's rule. Windows never overlap, so every output owns its inputs' gradients and any split between
 * threads gives the twin's results bit for bit.
 *
 * <p>Rows are seldom a multiple of the vector length (28 and 14 here), and masked loads and stores cost several
 * times plain ones on some CPUs. So vectors run past the row: loads read the next row, stores write lanes that the
 * next row then overwrites (forward) or add -0 to them (backward). Only the last chunk of a task's last row, whose
 * lanes would reach into the next task's outputs, is done one window at a time.
 */
final class HalvingPool {
    private static final VectorSpecies<Float> F = SimdSpecies.FLOAT;
    private static final int L = F.length();
    /** Outputs per task, so that forking pays off. */
    private static final int OUTPUTS_PER_TASK = 8192;
    private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(F, i -> 2 * i);  // >= L: second vector
    private static final VectorShuffle<Float> ODDS = VectorShuffle.fromOp(F, i -> 2 * i + 1);
    /** Interleaves the low halves of two vectors: lane 2i from the first, 2i + 1 from the second. */
    private static final VectorShuffle<Float> LOW_PAIRS = VectorShuffle.fromOp(F, i -> i % 2 * L + i / 2);
    /** Interleaves the high halves of two vectors. */
    private static final VectorShuffle<Float> HIGH_PAIRS = VectorShuffle.fromOp(F, i -> i % 2 * L + L / 2 + i / 2);
    private static final FloatVector NEGATIVE_ZERO = FloatVector.broadcast(F, -0f);

    private HalvingPool() {
    }

    /** @return whether the window is the one this class computes */
    static boolean applies(Pool2dGeometry g) {
        return g.kernelH() == 2 && g.kernelW() == 2 && g.strideH() == 2 && g.strideW() == 2 && g.padH() == 0
                && g.padW() == 0;
    }

    /** y = the first maximal (or NaN) input of each window. */
    static void forward(Parallel par, Pool2dGeometry g, float[] y, float[] x) {
        int inW = g.inW();
        int outW = g.outW();
        forRows(par, g, (from, to) -> {
            int outEnd = to * outW;
            int inEnd = top(g, to);
            for (int r = from; r < to; r++) {
                int t = top(g, r);
                int b = t + inW;
                int out = r * outW;
                for (int j = 0; j < outW; j += L) {
                    boolean inside = out + j + L <= outEnd && b + 2 * j + 2 * L <= inEnd;
                    FloatVector max = null;
                    if (inside) {
                        FloatVector t0 = FloatVector.fromArray(F, x, t + 2 * j);
                        FloatVector t1 = FloatVector.fromArray(F, x, t + 2 * j + L);
                        FloatVector b0 = FloatVector.fromArray(F, x, b + 2 * j);
                        FloatVector b1 = FloatVector.fromArray(F, x, b + 2 * j + L);
                        FloatVector topLeft = t0.rearrange(EVENS, t1);
                        FloatVector topRight = t0.rearrange(ODDS, t1);
                        FloatVector bottomLeft = b0.rearrange(EVENS, b1);
                        FloatVector bottomRight = b0.rearrange(ODDS, b1);
                        max = topLeft.max(topRight).max(bottomLeft.max(bottomRight));
                        if (!max.compare(NE, max).anyTrue()) {
                            // the first corner equal to the maximum: its value, with its sign if a zero
                            bottomRight.blend(bottomLeft, bottomLeft.eq(max)).blend(topRight, topRight.eq(max))
                                    .blend(topLeft, topLeft.eq(max)).intoArray(y, out + j);
                            continue;
                        }
                    }
                    for (int k = j, end = Math.min(outW, j + L); k < end; k++) {
                        y[out + k] = x[t + 2 * k + first(x, t + 2 * k, inW)];
                    }
                }
            }
        });
    }

    /** dx[the first maximal input of each window] += dy of the window. */
    static void backward(Parallel par, Pool2dGeometry g, float[] dx, float[] dy, float[] x) {
        int inW = g.inW();
        int outW = g.outW();
        forRows(par, g, (from, to) -> {
            int outEnd = to * outW;
            int inEnd = top(g, to);
            for (int r = from; r < to; r++) {
                int t = top(g, r);
                int b = t + inW;
                int out = r * outW;
                for (int j = 0; j < outW; j += L) {
                    boolean inside = out + j + L <= outEnd && b + 2 * j + 2 * L <= inEnd;
                    if (inside) {
                        FloatVector t0 = FloatVector.fromArray(F, x, t + 2 * j);
                        FloatVector t1 = FloatVector.fromArray(F, x, t + 2 * j + L);
                        FloatVector b0 = FloatVector.fromArray(F, x, b + 2 * j);
                        FloatVector b1 = FloatVector.fromArray(F, x, b + 2 * j + L);
                        FloatVector topLeft = t0.rearrange(EVENS, t1);
                        FloatVector topRight = t0.rearrange(ODDS, t1);
                        FloatVector bottomLeft = b0.rearrange(EVENS, b1);
                        FloatVector bottomRight = b0.rearrange(ODDS, b1);
                        FloatVector max = topLeft.max(topRight).max(bottomLeft.max(bottomRight));
                        if (!max.compare(NE, max).anyTrue()) {
                            // each window's gradient goes to its first corner equal to the maximum; the other
                            // corners, and lanes past the row, get -0, which leaves any dx (even -0) unchanged
                            FloatVector rest = FloatVector.fromArray(F, dy, out + j)
                                    .blend(-0f, F.indexInRange(j, outW).not());
                            VectorMask<Float> chosen = topLeft.eq(max);
                            FloatVector toTopLeft = NEGATIVE_ZERO.blend(rest, chosen);
                            rest = rest.blend(-0f, chosen);
                            chosen = topRight.eq(max);
                            FloatVector toTopRight = NEGATIVE_ZERO.blend(rest, chosen);
                            rest = rest.blend(-0f, chosen);
                            chosen = bottomLeft.eq(max);
                            FloatVector toBottomLeft = NEGATIVE_ZERO.blend(rest, chosen);
                            FloatVector toBottomRight = rest.blend(-0f, chosen);
                            FloatVector.fromArray(F, dx, t + 2 * j).add(toTopLeft.rearrange(LOW_PAIRS, toTopRight))
                                    .intoArray(dx, t + 2 * j);
                            FloatVector.fromArray(F, dx, t + 2 * j + L)
                                    .add(toTopLeft.rearrange(HIGH_PAIRS, toTopRight)).intoArray(dx, t + 2 * j + L);
                            FloatVector.fromArray(F, dx, b + 2 * j)
                                    .add(toBottomLeft.rearrange(LOW_PAIRS, toBottomRight)).intoArray(dx, b + 2 * j);
                            FloatVector.fromArray(F, dx, b + 2 * j + L)
                                    .add(toBottomLeft.rearrange(HIGH_PAIRS, toBottomRight))
                                    .intoArray(dx, b + 2 * j + L);
                            continue;
                        }
                    }
                    for (int k = j, end = Math.min(outW, j + L); k < end; k++) {
                        dx[t + 2 * k + first(x, t + 2 * k, inW)] += dy[out + k];
                    }
                }
            }
        });
    }

    /** Runs body(from, to) over output rows ({@code n * channels * outH}) in parallel ranges fixed by the shape. */
    private static void forRows(Parallel par, Pool2dGeometry g, RowsTask body) {
        int rows = g.n() * g.channels() * g.outH();
        int perTask = Math.max(1, OUTPUTS_PER_TASK / Math.max(1, g.outW()));
        par.forEach(Gemm.ceilDiv(rows, perTask), t -> body.run(t * perTask, Math.min(rows, (t + 1) * perTask)));
    }

    @FunctionalInterface
    private interface RowsTask {
        void run(int from, int to);
    }

    /**
     * @return the offset of the top input row of output row r; for r = all rows, the end of the input (its last
     *         row pair's end, or the plane's unpaired last row's end)
     */
    private static int top(Pool2dGeometry g, int r) {
        int plane = r / g.outH();
        int oh = r % g.outH();
        return (plane * g.inH() + 2 * oh) * g.inW();
    }

    /**
     * The twin's choice in one window: the first NaN, else the first maximum.
     *
     * @return the offset of the chosen input from the window's top-left one
     */
    private static int first(float[] x, int topLeft, int inW) {
        int best = 0;
        float max = x[topLeft];
        for (int i = 1; i < 4 && max == max; i++) {
            int k = i / 2 * inW + i % 2;
            float v = x[topLeft + k];
            if (v > max || v != v) {
                best = k;
                max = v;
            }
        }
        return best;
    }
}
