package dev.nn.host.scalar;

import dev.nn.api.ShapeException;
import dev.nn.api.backend.DropoutKernels;
import dev.nn.api.backend.NoiseKey;
import dev.nn.api.tensor.Tensor;

/**
 * The reference dropout, noise and penalty kernels: one pass over heap arrays, each Philox block computed once for
 * its four draws. Other backends must draw exactly the same decisions (see {@link DropoutKernels}).
 */
public final class ScalarDropoutKernels implements DropoutKernels {
    /** Created by {@link ScalarBackend#dropout()}. */
    ScalarDropoutKernels() {
    }

    /** Walks the draws of a stream in order, computing each Philox block once for its four words. */
    private static final class Draws {
        private final NoiseKey key;
        private final int[] words = new int[4];
        private long cachedBlock = -1;

        Draws(NoiseKey key) {
            this.key = key;
        }

        int word(long draw) {
            long block = draw >>> 2;
            if (block != cachedBlock) {
                key.block(block, words);
                cachedBlock = block;
            }
            return words[(int) (draw & 3)];
        }

        int word(long draw, int index) {
            word(draw);
            return words[index];
        }
    }

    // ---- Bernoulli dropout ------------------------------------------------------------------------------------

    @Override
    public void bernoulliForward(Tensor y, Tensor x, NoiseKey key, double p, int group) {
        requireSameSize(y, x);
        requireGroup(x, group);
        float[] out = y.hostArray();
        float[] in = x.hostArray();
        float scale = DropoutKernels.scale(p);
        int threshold = DropoutKernels.dropThreshold(p);
        Draws draws = new Draws(key);
        int n = x.size();
        for (int start = 0, d = 0; start < n; start += group, d++) {
            float m = DropoutKernels.kept(draws.word(d), threshold) ? scale : 0f;
            for (int i = start; i < start + group; i++) {
                out[i] = in[i] * m;     // a multiply, never a select: dropped NaN/Inf give NaN, -x gives -0.0
            }
        }
    }

    @Override
    public void bernoulliBackward(Tensor dx, Tensor dy, NoiseKey key, double p, int group) {
        requireSameSize(dx, dy);
        requireGroup(dy, group);
        float[] d = dx.hostArray();
        float[] g = dy.hostArray();
        float scale = DropoutKernels.scale(p);
        int threshold = DropoutKernels.dropThreshold(p);
        Draws draws = new Draws(key);
        int n = dy.size();
        for (int start = 0, k = 0; start < n; start += group, k++) {
            float m = DropoutKernels.kept(draws.word(k), threshold) ? scale : 0f;
            for (int i = start; i < start + group; i++) {
                d[i] += g[i] * m;
            }
        }
    }

    @Override
    public void keepMask(Tensor mask, NoiseKey key, double p, int group, long first) {
        if (group < 1) {
            throw new ShapeException("A dropout group holds >= 1 elements, got " + group);
        }
        if (first < 0) {
            throw new IllegalArgumentException("The first element index must be >= 0, got " + first);
        }
        float[] out = mask.hostArray();
        int threshold = DropoutKernels.dropThreshold(p);
        Draws draws = new Draws(key);
        for (int i = 0, n = mask.size(); i < n; i++) {
            out[i] = DropoutKernels.kept(draws.word((first + i) / group), threshold) ? 1f : 0f;
        }
    }

    // ---- alpha dropout ----------------------------------------------------------------------------------------

    @Override
    public void alphaForward(Tensor y, Tensor x, NoiseKey key, double p, int group) {
        requireSameSize(y, x);
        requireGroup(x, group);
        double a = DropoutKernels.alphaScale(p);
        float keepFactor = (float) a;
        float biasKeep = (float) (SELU_LAMBDA_ALPHA * a * p);
        float biasDrop = biasKeep - (float) (SELU_LAMBDA_ALPHA * a);     // float32, as PyTorch's add_ on noise - 1
        int threshold = DropoutKernels.dropThreshold(p);
        float[] out = y.hostArray();
        float[] in = x.hostArray();
        Draws draws = new Draws(key);
        int n = x.size();
        for (int start = 0, d = 0; start < n; start += group, d++) {
            boolean kept = DropoutKernels.kept(draws.word(d), threshold);
            float m = kept ? keepFactor : 0f;
            float b = kept ? biasKeep : biasDrop;
            for (int i = start; i < start + group; i++) {
                out[i] = in[i] * m + b;
            }
        }
    }

    @Override
    public void alphaBackward(Tensor dx, Tensor dy, NoiseKey key, double p, int group) {
        requireSameSize(dx, dy);
        requireGroup(dy, group);
        float keepFactor = (float) DropoutKernels.alphaScale(p);
        int threshold = DropoutKernels.dropThreshold(p);
        float[] d = dx.hostArray();
        float[] g = dy.hostArray();
        Draws draws = new Draws(key);
        int n = dy.size();
        for (int start = 0, k = 0; start < n; start += group, k++) {
            float m = DropoutKernels.kept(draws.word(k), threshold) ? keepFactor : 0f;
            for (int i = start; i < start + group; i++) {
                d[i] += g[i] * m;
            }
        }
    }

    // ---- Gaussian noise ---------------------------------------------------------------------------------------

    @Override
    public void normalNoise(Tensor out, NoiseKey key, float mean, float stddev, long first) {
        if (first < 0) {
            throw new IllegalArgumentException("The first draw index must be >= 0, got " + first);
        }
        float[] o = out.hostArray();
        Draws draws = new Draws(key);
        for (int i = 0, n = out.size(); i < n; i++) {
            long d = first + i;
            int pair = (int) (d & 2);                      // words (0, 1) or (2, 3) of the block
            double z = DropoutKernels.normalPair(draws.word(d, pair), draws.word(d, pair + 1), (d & 1) == 1);
            o[i] = mean + stddev * (float) z;
        }
    }

    // ---- weight penalties -------------------------------------------------------------------------------------

    @Override
    public double absSum(Tensor x) {
        float[] v = x.hostArray();
        double s = 0;
        for (int i = 0, n = x.size(); i < n; i++) {
            s += Math.abs(v[i]);
        }
        return s;
    }

    @Override
    public void signAxpy(Tensor dx, float lambda, Tensor x) {
        requireSameSize(dx, x);
        float[] d = dx.hostArray();
        float[] v = x.hostArray();
        for (int i = 0, n = x.size(); i < n; i++) {
            d[i] += lambda * Math.signum(v[i]);
        }
    }

    @Override
    public void maxNormRows(Tensor w, int rows, int cols, float maxNorm, float eps) {
        if ((long) rows * cols != w.size()) {
            throw new ShapeException("Tensor " + w.shape() + " holds " + w.size() + " values, not " + rows + " x "
                    + cols);
        }
        float[] v = w.hostArray();
        for (int r = 0; r < rows; r++) {
            double squares = 0;
            for (int c = r * cols; c < (r + 1) * cols; c++) {
                squares += (double) v[c] * v[c];
            }
            float norm = (float) Math.sqrt(squares);
            float factor = Math.min(norm, maxNorm) / (eps + norm);
            for (int c = r * cols; c < (r + 1) * cols; c++) {
                v[c] *= factor;
            }
        }
    }

    // ---- checks -----------------------------------------------------------------------------------------------

    private static void requireSameSize(Tensor a, Tensor b) {
        if (a.size() != b.size()) {
            throw new ShapeException("Tensors " + a.shape() + " and " + b.shape()
                    + " must hold the same number of values");
        }
    }

    private static void requireGroup(Tensor x, int group) {
        if (group < 1 || x.size() % group != 0) {
            throw new ShapeException("A dropout group of " + group + " elements must be >= 1 and divide the "
                    + x.size() + " values of " + x.shape());
        }
    }
}
