package dev.nn.regularize;

import dev.nn.api.layer.Parameter;
import java.util.Map;
import java.util.Objects;

/**
 * Coupled L2 regularization with the coefficient of PyTorch's SGD {@code weight_decay}: the gradient gains
 * {@code lambda_p * w}, which is the gradient of {@code R = sum over parameters of (lambda_p / 2) * sum w^2}
 * ({@link #value} reports that R). Keras's {@code L2(l2)} writes {@code l2 * sum w^2}, so Keras {@code l2} equals
 * {@code lambda / 2} here. With adaptive optimizers (Adam) prefer {@link DecoupledWeightDecay}.
 */
public final class L2Penalty implements WeightPenalty {
    private final ParameterGroups groups;

    /**
     * An L2 penalty with one strength for every weight.
     *
     * @param lambda coefficient for weights, as SGD's weight_decay; biases and normalization parameters are exempt
     */
    public L2Penalty(double lambda) {
        this(ParameterGroups.weightsOnly(lambda));
    }

    /**
     * An L2 penalty with a strength per parameter.
     *
     * @param groups coefficients per parameter
     */
    public L2Penalty(ParameterGroups groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    @Override
    public double value(Map<String, Parameter> parameters) {
        return groups.sum(parameters, (p, c) -> 0.5 * c * p.value().backend().sumOfSquares(p.value()));
    }

    @Override
    public void addGradient(Map<String, Parameter> parameters) {
        groups.forEachActive(parameters, (p, c) -> p.grad().backend().axpy(p.grad(), (float) c, p.value()));
    }

    @Override
    public String toString() {
        return "L2Penalty";
    }
}
