package dev.nn.regularize;

import dev.nn.api.layer.Parameter;
import java.util.Map;
import java.util.Objects;

/**
 * Decoupled weight decay (Loshchilov and Hutter, AdamW): before the optimizer's step each parameter is shrunk,
 * {@code w *= 1 - lr * lambda_p}, independently of the gradient, so adaptive optimizers do not rescale the decay.
 * The factor is computed as PyTorch's AdamW does, {@code float32(1 - lr * lambda)} in double, then one float32
 * multiply.
 */
public final class DecoupledWeightDecay {
    private final ParameterGroups groups;

    /**
     * Decoupled weight decay with one rate for every weight.
     *
     * @param lambda decay for weights (AdamW's {@code weight_decay}); biases and normalization parameters are
     *               exempt
     */
    public DecoupledWeightDecay(double lambda) {
        this(ParameterGroups.weightsOnly(lambda));
    }

    /**
     * Decoupled weight decay with a rate per parameter.
     *
     * @param groups decay per parameter
     */
    public DecoupledWeightDecay(ParameterGroups groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    /**
     * Shrinks the parameters' values; call it right before the optimizer's step.
     *
     * @param parameters named parameters
     * @param learningRate the step's learning rate (the decay follows the schedule, as in AdamW)
     */
    public void apply(Map<String, Parameter> parameters, double learningRate) {
        if (!(learningRate >= 0.0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("Learning rate must be finite and >= 0, got " + learningRate);
        }
        groups.forEachActive(parameters,
                (p, c) -> p.value().backend().scale(p.value(), p.value(), (float) (1.0 - learningRate * c)));
    }

    @Override
    public String toString() {
        return "DecoupledWeightDecay";
    }
}
