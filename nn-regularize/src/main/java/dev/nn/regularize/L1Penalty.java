package dev.nn.regularize;

import dev.nn.api.layer.Parameter;
import java.util.Map;
import java.util.Objects;

/**
 * The lasso penalty {@code R = sum over parameters of lambda_p * sum |w|} (Keras {@code L1(l1)}, same
 * coefficient). Its gradient adds {@code lambda_p * sign(w)}, with {@code sign(0) = 0} as PyTorch's autograd of
 * {@code abs}; it drives small weights to exactly zero over training only with a proximal optimizer, plain SGD
 * makes them oscillate around it.
 */
public final class L1Penalty implements WeightPenalty {
    private final ParameterGroups groups;

    /**
     * An L1 penalty with one strength for every weight.
     *
     * @param lambda coefficient for weights; biases and normalization parameters are exempt
     */
    public L1Penalty(double lambda) {
        this(ParameterGroups.weightsOnly(lambda));
    }

    /**
     * An L1 penalty with a strength per parameter.
     *
     * @param groups coefficients per parameter
     */
    public L1Penalty(ParameterGroups groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    @Override
    public double value(Map<String, Parameter> parameters) {
        return groups.sum(parameters, (p, c) -> c * p.value().backend().dropout().absSum(p.value()));
    }

    @Override
    public void addGradient(Map<String, Parameter> parameters) {
        groups.forEachActive(parameters, (p, c) -> p.grad().backend().dropout().signAxpy(p.grad(), (float) c, p.value()));
    }

    @Override
    public String toString() {
        return "L1Penalty";
    }
}
