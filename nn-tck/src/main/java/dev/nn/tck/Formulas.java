package dev.nn.tck;

import dev.nn.api.backend.DropoutKernels;
import dev.nn.api.backend.NoiseKey;
import java.util.function.ToDoubleFunction;

/**
 * Expected values computed by the kit itself from the contracts in {@code dev.nn.api}, not by the scalar
 * reference: so the kit checks the scalar backend too, not only agreement with it.
 */
final class Formulas {
    private Formulas() {
    }

    /** @return {@code mask[i] = kept(draw (first + i) / group) ? 1 : 0}, drawn with {@link NoiseKey#word} */
    static float[] keepMask(NoiseKey key, double p, int group, long first, int n) {
        int threshold = DropoutKernels.dropThreshold(p);
        float[] mask = new float[n];
        for (int i = 0; i < n; i++) {
            mask[i] = DropoutKernels.kept(key.word((first + i) / group), threshold) ? 1f : 0f;
        }
        return mask;
    }

    /** @return inverted dropout {@code x[i] * (kept ? scale(p) : 0f)}, a multiply as the contract says */
    static float[] dropout(float[] x, NoiseKey key, double p, int group) {
        float[] mask = keepMask(key, p, group, 0, x.length);
        float scale = DropoutKernels.scale(p);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * (mask[i] == 1f ? scale : 0f);
        }
        return y;
    }

    /** @return AlphaDropout's output with the float32 constants of {@link DropoutKernels#alphaForward} */
    static float[] alphaDropout(float[] x, NoiseKey key, double p, int group) {
        double l = DropoutKernels.SELU_LAMBDA_ALPHA;
        double a = Math.pow((1 - p) * (1 + p * l * l), -0.5);
        float keep = (float) a;
        float biasKeep = (float) (l * a * p);
        float biasDrop = biasKeep - (float) (l * a);
        float[] mask = keepMask(key, p, group, 0, x.length);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            boolean kept = mask[i] == 1f;
            y[i] = x[i] * (kept ? keep : 0f) + (kept ? biasKeep : biasDrop);
        }
        return y;
    }

    /** @return the factor AlphaDropout's gradient applies to kept elements, {@code float32(a)} */
    static float alphaKeepFactor(double p) {
        double l = DropoutKernels.SELU_LAMBDA_ALPHA;
        return (float) Math.pow((1 - p) * (1 + p * l * l), -0.5);
    }

    /** @return {@code mean + stddev * (float) z(first + i)}, z from Box-Muller on the draw's pair of words */
    static float[] normalNoise(NoiseKey key, float mean, float stddev, long first, int n) {
        float[] out = new float[n];
        int[] words = new int[4];
        for (int i = 0; i < n; i++) {
            long d = first + i;
            key.block(d >>> 2, words);
            int pair = (int) (d & 2);
            double z = DropoutKernels.normalPair(words[pair], words[pair + 1], (d & 1) == 1);
            out[i] = mean + stddev * (float) z;
        }
        return out;
    }

    /** @return the first column of a row holding its maximum */
    static int firstMax(float[] v, int off, int cols) {
        int best = 0;
        for (int c = 1; c < cols; c++) {
            if (v[off + c] > v[off + best]) {
                best = c;
            }
        }
        return best;
    }

    /** @return {@code sum a[i] b[i]} in double */
    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /**
     * Central finite differences of a scalar function of float inputs, each step measured on the floats actually
     * used.
     *
     * @param x the point; restored afterwards
     * @param h the step
     * @param f the function
     * @return {@code d f / d x[i]} for every i
     */
    static double[] numericGradient(float[] x, float h, ToDoubleFunction<float[]> f) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            float saved = x[i];
            float up = saved + h;
            float down = saved - h;
            x[i] = up;
            double fUp = f.applyAsDouble(x);
            x[i] = down;
            double fDown = f.applyAsDouble(x);
            x[i] = saved;
            g[i] = (fUp - fDown) / ((double) up - down);
        }
        return g;
    }
}
