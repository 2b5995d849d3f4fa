package dev.nn.norm;

import dev.nn.api.ShapeException;
import dev.nn.api.tensor.Tensor;

/**
 * Folds an eval-mode {@link BatchNorm} into the Linear or convolution layer before it, for inference: with
 * {@code s = gamma / sqrt(running_var + eps)}, the layer {@code W' = s[o] * W[o, ...]},
 * {@code b' = (b - running_mean) * s + beta} computes {@code BN_eval(W x + b)} (up to float rounding) in one
 * layer. Works on raw arrays (any weight whose leading dimension is the output channel: Linear {@code (out, in)},
 * Conv2d {@code (out, in/groups, kH, kW)}), so it needs no particular layer class. Arithmetic in double, rounded
 * once.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {
    }

    /**
     * The folded parameters.
     *
     * @param weight the new weight, same layout as the input weight
     * @param bias the new bias {@code (out)} (a bias always exists after folding)
     */
    public record Folded(float[] weight, float[] bias) {
        /**
         * Copies both arrays.
         *
         * @param weight new weight
         * @param bias new bias
         */
        public Folded {
            weight = weight.clone();
            bias = bias.clone();
        }

        /** {@return the new weight (a copy)} */
        @Override
        public float[] weight() {
            return weight.clone();
        }

        /** {@return the new bias (a copy)} */
        @Override
        public float[] bias() {
            return bias.clone();
        }
    }

    /**
     * {@return weight and bias of the single equivalent layer (the BatchNorm's eval mode)}
     *
     * @param weight row-major weight whose leading dimension is {@code outFeatures}
     * @param outFeatures output features/channels of the layer, = the BatchNorm's num_features
     * @param bias the layer's bias {@code (outFeatures)}, or null when it has none
     * @param bn the BatchNorm that follows the layer; must track running statistics
     */
    public static Folded fold(float[] weight, int outFeatures, float[] bias, BatchNorm bn) {
        if (!bn.tracksRunningStats()) {
            throw new IllegalArgumentException(bn + " has no running statistics (track_running_stats=false), so it "
                    + "normalizes every batch with that batch's statistics and cannot be folded into fixed weights; "
                    + "fold only BatchNorms built with optTrackRunningStats(true)");
        }
        if (outFeatures != bn.numFeatures()) {
            throw new ShapeException("Cannot fold " + bn + " into a layer with " + outFeatures + " output features; "
                    + "num_features must equal the layer's out_features/out_channels (" + outFeatures + ")");
        }
        if (weight.length == 0 || weight.length % outFeatures != 0) {
            throw new ShapeException("A weight of " + weight.length + " values cannot have " + outFeatures
                    + " output rows; pass the row-major weight whose leading dimension is the output channel");
        }
        if (bias != null && bias.length != outFeatures) {
            throw new ShapeException("The bias has " + bias.length + " values but the layer has " + outFeatures
                    + " output features; pass a bias of length " + outFeatures + " or null");
        }
        float[] mean = bn.runningMean().orElseThrow().toArray();
        float[] var = bn.runningVar().orElseThrow().toArray();
        float[] gamma = bn.weight().map(p -> p.value().toArray()).orElse(null);
        float[] beta = bn.bias().map(p -> p.value().toArray()).orElse(null);
        int perRow = weight.length / outFeatures;
        float[] w = new float[weight.length];
        float[] b = new float[outFeatures];
        for (int o = 0; o < outFeatures; o++) {
            double s = (gamma == null ? 1.0 : gamma[o]) / Math.sqrt((double) var[o] + bn.eps());
            for (int j = 0; j < perRow; j++) {
                w[o * perRow + j] = (float) (weight[o * perRow + j] * s);
            }
            double shifted = ((bias == null ? 0.0 : bias[o]) - mean[o]) * s;
            b[o] = (float) (shifted + (beta == null ? 0.0 : beta[o]));
        }
        return new Folded(w, b);
    }

    /**
     * Convenience for tensors: folds into a weight tensor whose dimension 0 is the output channel.
     *
     * @param weight the layer's weight, e.g. {@code (out, in)} or {@code (out, in/groups, kH, kW)}
     * @param bias the layer's bias {@code (out)}, or null
     * @param bn the following BatchNorm
     * @return the folded parameters
     */
    public static Folded fold(Tensor weight, Tensor bias, BatchNorm bn) {
        return fold(weight.toArray(), weight.shape().dim(0), bias == null ? null : bias.toArray(), bn);
    }
}
