package dev.nn.cpu.simd;

/**
 * Scratch arrays of one thread (packed GEMM panels, padded inputs, column gradients, random words and noise of a
 * dropout chunk), grown on demand and reused.
 */
final class Workspace {
    private static final ThreadLocal<Workspace> CURRENT = ThreadLocal.withInitial(Workspace::new);

    private float[] packedA = new float[0];
    private float[] packedB = new float[0];
    private float[] columnGrad = new float[0];
    private float[] padded = new float[0];
    private int[] words = new int[0];
    private float[] noise = new float[0];
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

    float[] noise(int n) {
        if (noise.length < n) {
            noise = new float[n];
        }
        return noise;
    }
}
