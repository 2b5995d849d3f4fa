package dev.nn.cpu.simd;

import java.util.Arrays;

/**
 * Scratch arrays of one thread (packed GEMM panels, padded inputs, column gradients, random words and noise of a
 * dropout chunk, normalization partial sums), grown on demand and reused.
 */
final class Workspace {
    private static final ThreadLocal<Workspace> CURRENT = ThreadLocal.withInitial(Workspace::new);

    private float[] packedA = new float[0];
    private float[] packedB = new float[0];
    private float[] columnGrad = new float[0];
    private float[] padded = new float[0];
    private int[] words = new int[0];
    private float[] convGrid = new float[0];
    private int[] gridRows = new int[0];
    private float[] noise = new float[0];
    private double[] partialSums = new double[0];
    private float[] rowBlock = new float[0];
    private float[] perChannel = new float[0];
    private float[] ones = new float[0];
    private double[] laneSums = new double[0];
    private final double[] rowSums = new double[4];
    /** One register tile, for the ragged edges of a matrix. */
    final float[] tile = new float[Gemm.MR * Gemm.NR];

    private Workspace() {
    }

    /** @return this thread's workspace */
    static Workspace get() {
        return CURRENT.get();
    }

    float[] packedA(int n) {
        if (packedA.length < n) {
            packedA = new float[n];
        }
        return packedA;
    }

    float[] packedB(int n) {
        if (packedB.length < n) {
            packedB = new float[n];
        }
        return packedB;
    }

    float[] padded(int n) {
        if (padded.length < n) {
            padded = new float[n];
        }
        return padded;
    }

    float[] columnGrad(int n) {
        if (columnGrad.length < n) {
            columnGrad = new float[n];
        }
        return columnGrad;
    }

    int[] words(int n) {
        if (words.length < n) {
            words = new int[n];
        }
        return words;
    }

    /** Where the rows of a convolution's column matrix start in its bordered input. */
    int[] gridRows(int n) {
        if (gridRows.length < n) {
            gridRows = new int[n];
        }
        return gridRows;
    }

    /** A convolution's GEMM result over its input's grid, border columns included. */
    float[] convGrid(int n) {
        if (convGrid.length < n) {
            convGrid = new float[n];
        }
        return convGrid;
    }

    float[] noise(int n) {
        if (noise.length < n) {
            noise = new float[n];
        }
        return noise;
    }

    /** Per-part double sums of one kernel call, combined in part order by the calling thread. */
    double[] partialSums(int n) {
        if (partialSums.length < n) {
            partialSums = new double[n];
        }
        return partialSums;
    }

    /** Float sums over a few rows of one task, flushed into its part's double sums. */
    float[] rowBlock(int n) {
        if (rowBlock.length < n) {
            rowBlock = new float[n];
        }
        return rowBlock;
    }

    /** Per-channel coefficients of one kernel call, computed once and read by every task. */
    float[] perChannel(int n) {
        if (perChannel.length < n) {
            perChannel = new float[n];
        }
        return perChannel;
    }

    /** @return at least n ones: the weight of a normalization without one, so that one loop serves both */
    float[] ones(int n) {
        if (ones.length < n) {
            ones = new float[n];
            Arrays.fill(ones, 1f);
        }
        return ones;
    }

    /** Double lanes of per-channel sums of one task (a block of channels). */
    double[] laneSums(int n) {
        if (laneSums.length < n) {
            laneSums = new double[n];
        }
        return laneSums;
    }

    /** Four row sums one row kernel hands to the next step. */
    double[] rowSums() {
        return rowSums;
    }
}
