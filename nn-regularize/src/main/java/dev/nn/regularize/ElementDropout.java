package dev.nn.regularize;

import dev.nn.api.layer.Counter;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Mode;
import dev.nn.api.tensor.Tensor;
import java.util.Map;

/**
 * The element-wise mask dropouts ({@link Dropout}, {@link AlphaDropout}): one draw per element, the formula chosen
 * by the {@link MaskedDropout.Kind}.
 */
abstract class ElementDropout implements Layer {
    private final String name;
    private final double p;
    private final MaskedDropout dropout;

    /**
     * @param name the layer's name, for messages
     * @param kind which formula kept and dropped elements follow
     * @param p drop probability in [0, 1]
     * @param noise the model's noise source
     * @throws IllegalArgumentException when p is outside [0, 1]
     */
    ElementDropout(String name, MaskedDropout.Kind kind, double p, NoiseSource noise) {
        this.name = name;
        this.p = DropoutProbability.require(p, name);
        this.dropout = new MaskedDropout(kind, p, noise);
    }

    /** {@return the drop probability} */
    public double p() {
        return p;
    }

    @Override
    public Map<String, Counter> ownNoiseSteps() {
        return dropout.noiseSteps();
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        return dropout.forward(x, mode, 1);
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        return dropout.backward(gradOutput, kind());
    }

    /** @return the mask state, for tests that regenerate the mask from its key */
    MaskedDropout engine() {
        return dropout;
    }

    @Override
    public String toString() {
        return name + "(p=" + p + ")";
    }

    @Override
    public void release() {
        dropout.release();
    }
}
