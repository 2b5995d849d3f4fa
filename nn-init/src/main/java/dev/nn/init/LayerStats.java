package dev.nn.init;

/**
 * One layer's line of an {@link InitReport}. Values that do not apply to the layer are {@code NaN} (and
 * {@code fans} is null for a layer without a weight).
 *
 * @param index position among the model's direct children, from 0
 * @param name the child's name, e.g. {@code 3}
 * @param kind the layer's kind, e.g. {@code Linear}
 * @param fans the weight's fans, or null
 * @param gain the gain of the nonlinearity applied next, looking through normalization and dropout layers (1 when
 *     none), for a layer with a weight
 * @param expectedWeightStd the std of the values the initializer that ran drew for this weight
 *     ({@link Init#expectedStd}: uniform bounds over sqrt(3), Xavier's fan_in + fan_out, Kaiming's fan mode, a
 *     normal's std, ...); NaN when that initializer is not known
 * @param measuredWeightStd the weight's actual std
 * @param varianceKeepingStd {@code gain / sqrt(fan_in)}: the std that keeps the activation variance through this
 *     layer and the following nonlinearity (He/LeCun's forward rule), to compare the other two with
 * @param activationMean mean of the layer's output over the probe batch
 * @param activationStd std of the layer's output
 * @param saturatedFraction for Tanh/Sigmoid: fraction of pre-activations (the layer's inputs) with |x| > 2
 * @param deadFraction for ReLU: fraction of units that output 0 for every sample of the probe batch
 * @param identicalUnits whether every sample's output units are all equal (with more than one unit)
 * @param gradStd std of the gradient with respect to the layer's input in the backward pass
 * @param weightGradStd std of the weight's gradient
 */
public record LayerStats(int index, String name, String kind, Fans fans, double gain, double expectedWeightStd,
                         double measuredWeightStd, double varianceKeepingStd, double activationMean, double activationStd,
                         double saturatedFraction, double deadFraction, boolean identicalUnits, double gradStd,
                         double weightGradStd) {
    /** {@return {@code layer 3 (Linear)}, how reports refer to the layer} */
    public String label() {
        return "layer " + name + " (" + kind + ")";
    }
}
