package dev.nn.cpu.simd;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packed, blocked GEMM {@code C = alpha op(A) op(B) + beta C} (the BLIS loop nest). Matrices are addressed by
 * strides, so one routine serves every transpose and every sub-block:
 * {@code op(A)(i, p) = a[aOff + i aRs + p aCs]}, {@code op(B)(p, j) = b[bOff + p bRs + j bCs]},
 * {@code C(i, j) = c[cOff + i ldc + j]}.
 *
 * <p>op(B) is packed into panels of {@link #NR} contiguous columns and op(A) into panels of {@link #MR} rows, so the
 * inner loop always streams contiguous memory whatever the transposes (never a strided dot product), and a
 * {@code MR x NR} block of C stays in registers for a whole {@link #KC}-long slice of k. Each element of C is
 * summed in the same order (k-slices in order, {@code fma} along each slice) however the work is split between
 * threads, so results are identical for any thread count. Scalar twin: {@code ScalarBackend.gemm}.
 */
final class Gemm {
    static final VectorSpecies<Float> F = SimdSpecies.FLOAT;
    private static final int L = F.length();
    /** Rows of the register tile: 6 rows x 2 vectors = 12 accumulators, leaving registers for B and A. */
    static final int MR = 6;
    /** Columns of the register tile. */
    static final int NR = 2 * L;
    /** Depth of one packed slice: an NR-wide B panel of KC rows stays in L1. */
    static final int KC = 256;
    /** Rows of A packed at a time (stays in L2). */
    static final int MC = 16 * MR;
    /** Columns of B packed at a time. */
    static final int NC = 2048;
    /** Register-tile panels of A per packing task. */
    static final int PACK_PANELS = 8;
    /** Below this many flops a GEMM runs on the calling thread: forking would cost more than it saves. */
    static final long PARALLEL_FLOPS = 4_000_000L;

    private Gemm() {
    }

    /** Writes a block of op(B) into NR-wide panels, in the layout of {@link #packB}. */
    interface PanelSource {
        /**
         * @param pc first row of op(B)
         * @param kc rows
         * @param jc first column of op(B)
         * @param nc columns
         * @param bp destination: panel q holds {@code bp[q NR kc + p NR + j] = op(B)(pc + p, jc + q NR + j)},
         *           columns past nc zero
         */
        void pack(int pc, int kc, int jc, int nc, float[] bp);
    }

    /** op(B)(p, j) = b[off + p rs + j cs]. */
    record Strided(float[] b, int off, int rs, int cs) implements PanelSource {
        @Override
        public void pack(int pc, int kc, int jc, int nc, float[] bp) {
            packB(kc, nc, b, off + pc * rs + jc * cs, rs, cs, bp);
        }
    }

    /** The GEMM, split over the threads of {@code par} by blocks of whole register tiles of C. */
    static void gemm(Parallel par, int m, int n, int k, float alpha, float[] a, int aOff, int aRs, int aCs,
                     float[] b, int bOff, int bRs, int bCs, float beta, float[] c, int cOff, int ldc) {
        float[] ap = k == 0 || alpha == 0f ? null : Workspace.get().packedA(packedASize(m, k));
        if (ap != null) {
            packA(par, m, k, alpha, a, aOff, aRs, aCs, ap);
        }
        multiply(par, m, n, k, ap, new Strided(b, bOff, bRs, bCs), beta, c, cOff, ldc);
    }

    /** @return floats {@link #packA} writes for an (m, k) matrix */
    static int packedASize(int m, int k) {
        return ceilDiv(m, MR) * MR * k;
    }

    /** Number of k-slices: k is cut into equal slices of at most KC, so no slice is needlessly thin. */
    private static int slices(int k) {
        return Math.max(1, ceilDiv(k, KC));
    }

    private static int sliceStart(int k, int slice, int slices) {
        return (int) ((long) k * slice / slices);
    }

    /**
     * Packs all of alpha op(A) (m, k), op(A)(i, p) = a[off + i rs + p cs]: for each k-slice [k0, k1), panel q of MR
     * rows sits at {@code k0 mPad + q MR (k1 - k0)} and holds {@code (k1 - k0)} columns of MR values, rows past m
     * zero ({@code mPad} = m rounded up to MR).
     */
    static void packA(int m, int k, float alpha, float[] a, int off, int rs, int cs, float[] ap) {
        int mPad = ceilDiv(m, MR) * MR;
        int slices = slices(k);
        for (int s = 0; s < slices; s++) {
            int k0 = sliceStart(k, s, slices);
            int kc = sliceStart(k, s + 1, slices) - k0;
            packASlice(m, kc, alpha, a, off + k0 * cs, rs, cs, ap, k0 * mPad);
        }
    }

    /**
     * {@link #packA} split over the threads of {@code par}: each task packs whole panels of one k-slice, so the
     * packed values are those of the serial packing.
     */
    static void packA(Parallel par, int m, int k, float alpha, float[] a, int off, int rs, int cs, float[] ap) {
        int mPad = ceilDiv(m, MR) * MR;
        int slices = slices(k);
        int panels = mPad / MR;
        int chunks = ceilDiv(panels, PACK_PANELS);
        Lanes.pick(par, (long) m * k).forEach(slices * chunks, t -> {
            int s = t / chunks;
            int i0 = t % chunks * PACK_PANELS * MR;
            int i1 = Math.min(m, i0 + PACK_PANELS * MR);
            int k0 = sliceStart(k, s, slices);
            int kc = sliceStart(k, s + 1, slices) - k0;
            packASlice(i1 - i0, kc, alpha, a, off + k0 * cs + i0 * rs, rs, cs, ap, k0 * mPad + i0 * kc);
        });
    }

    /**
     * C = op(A) op(B) + beta C with A packed by {@link #packA} (alpha included; null when k = 0 or alpha = 0) and
     * op(B) packed on the fly from {@code b}, split over the threads of {@code par} by whole register tiles.
     */
    static void multiply(Parallel par, int m, int n, int k, float[] ap, PanelSource b, float beta, float[] c,
                         int cOff, int ldc) {
        int threads = par.threads();
        if (threads == 1 || 2L * m * n * k < PARALLEL_FLOPS) {
            multiplyRange(0, m, 0, n, m, k, ap, b, beta, c, cOff, ldc);
            return;
        }
        int panelsN = ceilDiv(n, NR);
        int panelsM = ceilDiv(m, MR);
        // columns first: each task then packs only its own part of B
        boolean splitColumns = panelsN >= threads || panelsN >= panelsM;
        int panels = splitColumns ? panelsN : panelsM;
        int tasks = Math.min(threads, panels);
        par.forEach(tasks, t -> {
            int p0 = (int) ((long) panels * t / tasks);
            int p1 = (int) ((long) panels * (t + 1) / tasks);
            if (splitColumns) {
                multiplyRange(0, m, p0 * NR, Math.min(n, p1 * NR), m, k, ap, b, beta, c, cOff, ldc);
            } else {
                multiplyRange(p0 * MR, Math.min(m, p1 * MR), 0, n, m, k, ap, b, beta, c, cOff, ldc);
            }
        });
    }

    /** Rows [i0, i1) and columns [j0, j1) of C, i0 a multiple of MR and j0 of NR, on the calling thread. */
    private static void multiplyRange(int i0, int i1, int j0, int j1, int m, int k, float[] ap, PanelSource b,
                                      float beta, float[] c, int cOff, int ldc) {
        scale(i1 - i0, j1 - j0, beta, c, cOff + i0 * ldc + j0, ldc);
        if (ap == null || i1 <= i0 || j1 <= j0) {
            return;                                     // BLAS: alpha = 0 (or k = 0) leaves beta C
        }
        Workspace ws = Workspace.get();
        int mPad = ceilDiv(m, MR) * MR;
        int slices = slices(k);
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int s = 0; s < slices; s++) {
                int k0 = sliceStart(k, s, slices);
                int kc = sliceStart(k, s + 1, slices) - k0;
                float[] bp = ws.packedB(ceilDiv(nc, NR) * NR * kc);
                b.pack(k0, kc, jc, nc, bp);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    multiplyPacked(mc, nc, kc, ap, k0 * mPad + ic * kc, bp, c, cOff + ic * ldc + jc, ldc,
                            ws.tile);
                }
            }
        }
    }

    /** C *= beta over an (m, n) block; beta = 0 overwrites with zeros. */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, row, row + n, 0f);
            } else {
                int j = 0;
                for (int bound = F.loopBound(n); j < bound; j += L) {
                    FloatVector.fromArray(F, c, row + j).mul(beta).intoArray(c, row + j);
                }
                for (; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }

    /**
     * Packs alpha op(A) of (mc, kc) into panels of MR rows: panel q holds {@code ap[apOff + q MR kc + p MR + r] =
     * alpha op(A)(q MR + r, p)}, rows past mc zero.
     */
    private static void packASlice(int mc, int kc, float alpha, float[] a, int off, int rs, int cs, float[] ap,
                                   int apOff) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int base = apOff + ir * kc;                  // (ir / MR) * MR * kc
            if (cs == 1) {                               // rows of A are contiguous: read along them
                for (int r = 0; r < rows; r++) {
                    int src = off + (ir + r) * rs;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = alpha * a[src + p];
                    }
                }
            } else {                                     // columns of A are contiguous (transposed A)
                for (int p = 0; p < kc; p++) {
                    int src = off + p * cs + ir * rs;
                    int dst = base + p * MR;
                    for (int r = 0; r < rows; r++) {
                        ap[dst + r] = alpha * a[src + r * rs];
                    }
                }
            }
            for (int r = rows; r < MR; r++) {
                for (int p = 0; p < kc; p++) {
                    ap[base + p * MR + r] = 0f;
                }
            }
        }
    }

    /**
     * Packs op(B) of (kc, nc) into panels of NR columns: panel q holds {@code bp[q NR kc + p NR + j] =
     * op(B)(p, q NR + j)}, columns past nc zero.
     */
    static void packB(int kc, int nc, float[] b, int off, int rs, int cs, float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int base = jr * kc;                          // (jr / NR) * NR * kc
            if (cs == 1) {                               // rows of op(B) are contiguous: copy NR at a time
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * NR;
                    System.arraycopy(b, off + p * rs + jr, bp, dst, cols);
                    if (cols < NR) {
                        Arrays.fill(bp, dst + cols, dst + NR, 0f);
                    }
                }
            } else {                                     // transposed B: read each column of op(B) contiguously
                for (int j = 0; j < cols; j++) {
                    int src = off + (jr + j) * cs;
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * NR + j] = b[src + p * rs];
                    }
                }
                for (int j = cols; j < NR; j++) {
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * NR + j] = 0f;
                    }
                }
            }
        }
    }

    /** C(mc, nc) += packed A x packed B, one register tile at a time; ragged edge tiles go through {@code tile}. */
    private static void multiplyPacked(int mc, int nc, int kc, float[] ap, int apOff, float[] bp, float[] c,
                                       int cOff, int ldc, float[] tile) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int bIdx = jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int aIdx = apOff + ir * kc;
                int cIdx = cOff + ir * ldc + jr;
                if (rows == MR && cols == NR) {
                    kernel(kc, ap, aIdx, bp, bIdx, c, cIdx, ldc);
                } else {
                    Arrays.fill(tile, 0f);
                    kernel(kc, ap, aIdx, bp, bIdx, tile, 0, NR);
                    for (int r = 0; r < rows; r++) {
                        for (int j = 0; j < cols; j++) {
                            c[cIdx + r * ldc + j] += tile[r * NR + j];
                        }
                    }
                }
            }
        }
    }

    /** The register tile: C(MR, NR) += sum over p of A-panel column p times B-panel row p. */
    private static void kernel(int kc, float[] ap, int aIdx, float[] bp, int bIdx, float[] c, int cIdx, int ldc) {
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        for (int p = 0; p < kc; p++, aIdx += MR, bIdx += NR) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bIdx);
            FloatVector b1 = FloatVector.fromArray(F, bp, bIdx + L);
            FloatVector a0 = FloatVector.broadcast(F, ap[aIdx]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(F, ap[aIdx + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(F, ap[aIdx + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(F, ap[aIdx + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(F, ap[aIdx + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(F, ap[aIdx + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        addRow(c, cIdx, c00, c01);
        addRow(c, cIdx + ldc, c10, c11);
        addRow(c, cIdx + 2 * ldc, c20, c21);
        addRow(c, cIdx + 3 * ldc, c30, c31);
        addRow(c, cIdx + 4 * ldc, c40, c41);
        addRow(c, cIdx + 5 * ldc, c50, c51);
    }

    private static void addRow(float[] c, int at, FloatVector lo, FloatVector hi) {
        FloatVector.fromArray(F, c, at).add(lo).intoArray(c, at);
        FloatVector.fromArray(F, c, at + L).add(hi).intoArray(c, at + L);
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
