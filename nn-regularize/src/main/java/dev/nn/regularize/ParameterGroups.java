package dev.nn.regularize;

import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.ObjDoubleConsumer;

/**
 * Which parameters a penalty or decay touches, and with what coefficient: PyTorch's per-parameter option groups
 * as a rule. Explicit groups are tried in the order they were added and the first match wins; a parameter no group
 * matches gets the default coefficient, or 0 when its role is excluded. {@link #weightsOnly(double)} (the usual
 * choice, as in BERT and timm) excludes biases and normalization parameters: decaying a bias or a BatchNorm scale
 * toward zero only fights the layer's own job.
 */
public final class ParameterGroups {
    private record Group(String label, BiPredicate<String, Parameter> selector, double coefficient) {
    }

    private final double defaultCoefficient;
    private final Set<ParameterRole> excludedRoles;
    private final List<Group> groups;

    private ParameterGroups(double defaultCoefficient, Set<ParameterRole> excludedRoles, List<Group> groups) {
        this.defaultCoefficient = requireCoefficient(defaultCoefficient, "default");
        this.excludedRoles = excludedRoles;
        this.groups = groups;
    }

    /**
     * {@return groups that leave {@code BIAS}, {@code NORM_SCALE} and {@code NORM_SHIFT} parameters at 0}
     *
     * @param coefficient for every {@link ParameterRole#WEIGHT}
     */
    public static ParameterGroups weightsOnly(double coefficient) {
        return new ParameterGroups(coefficient,
                EnumSet.of(ParameterRole.BIAS, ParameterRole.NORM_SCALE, ParameterRole.NORM_SHIFT), List.of());
    }

    /**
     * {@return the groups}
     *
     * @param coefficient for every parameter, biases and normalization parameters included (what a PyTorch
     *                    optimizer does with a single {@code weight_decay})
     */
    public static ParameterGroups all(double coefficient) {
        return new ParameterGroups(coefficient, EnumSet.noneOf(ParameterRole.class), List.of());
    }

    /**
     * {@return new groups with this one tried after the existing ones}
     *
     * @param label a name for reports, e.g. {@code embeddings}
     * @param selector picks parameters by dotted name and parameter
     * @param coefficient their coefficient (0 exempts them), {@code >= 0}
     */
    public ParameterGroups withGroup(String label, BiPredicate<String, Parameter> selector, double coefficient) {
        List<Group> more = new ArrayList<>(groups);
        more.add(new Group(Objects.requireNonNull(label, "label"), Objects.requireNonNull(selector, "selector"),
                requireCoefficient(coefficient, label)));
        return new ParameterGroups(defaultCoefficient, excludedRoles, List.copyOf(more));
    }

    /**
     * {@return new groups with a group for that one parameter}
     *
     * @param name a dotted parameter name, e.g. {@code 0.weight}
     * @param coefficient its coefficient
     */
    public ParameterGroups withParameter(String name, double coefficient) {
        Objects.requireNonNull(name, "name");
        return withGroup(name, (n, p) -> n.equals(name), coefficient);
    }

    /**
     * {@return its coefficient}
     *
     * @param name the parameter's dotted name
     * @param parameter the parameter
     */
    public double coefficient(String name, Parameter parameter) {
        for (Group g : groups) {
            if (g.selector().test(name, parameter)) {
                return g.coefficient();
            }
        }
        return excludedRoles.contains(parameter.role()) ? 0.0 : defaultCoefficient;
    }

    /**
     * {@return each parameter's coefficient, in the same order (for reports)}
     *
     * @param parameters named parameters, e.g. {@code model.namedParameters()}
     */
    public Map<String, Double> coefficients(Map<String, Parameter> parameters) {
        Map<String, Double> out = new LinkedHashMap<>();
        parameters.forEach((name, p) -> out.put(name, coefficient(name, p)));
        return out;
    }

    /** What a penalty does with one parameter that has a non-zero coefficient. */
    @FunctionalInterface
    interface Term {
        /**
         * @param parameter the parameter
         * @param coefficient its coefficient, never 0
         * @return its share of the penalty
         */
        double of(Parameter parameter, double coefficient);
    }

    /**
     * @param parameters named parameters
     * @param term one parameter's share
     * @return the sum of the shares of the parameters whose coefficient is not 0, in iteration order
     */
    double sum(Map<String, Parameter> parameters, Term term) {
        double total = 0;
        for (var e : parameters.entrySet()) {
            double c = coefficient(e.getKey(), e.getValue());
            if (c != 0.0) {
                total += term.of(e.getValue(), c);
            }
        }
        return total;
    }

    /**
     * @param parameters named parameters
     * @param action runs on every parameter whose coefficient is not 0, with that coefficient
     */
    void forEachActive(Map<String, Parameter> parameters, ObjDoubleConsumer<Parameter> action) {
        for (var e : parameters.entrySet()) {
            double c = coefficient(e.getKey(), e.getValue());
            if (c != 0.0) {
                action.accept(e.getValue(), c);
            }
        }
    }

    private static double requireCoefficient(double c, String what) {
        if (!(c >= 0.0 && Double.isFinite(c))) {
            throw new IllegalArgumentException("Coefficient of group '" + what + "' must be finite and >= 0, got "
                    + c + "; use 0 to exempt parameters");
        }
        return c;
    }
}
