package dev.nn.init;

import dev.nn.api.init.Initializer;
import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Initializes every parameter of a model in one call, by rules on the owning layer's kind, the parameter's role and
 * the layer that follows (He for a weight followed by ReLU, zeros for biases, ones/zeros for normalization
 * scale/shift). For each parameter the first matching rule wins; a parameter no rule matches keeps its values. Each
 * parameter draws from its own stream ({@link Seeds#stream}, keyed by its dotted name), so one seed gives the same
 * model every run. Afterwards the {@link InitLint symmetry lint} runs (warnings by default).
 *
 * <pre>{@code
 * ModelInitializer.builder()
 *     .followedBy("ReLU", ParameterRole.WEIGHT, Init.kaimingNormal(0, FanMode.FAN_IN, "relu"))
 *     .role(ParameterRole.WEIGHT, Init.xavierUniform(1))
 *     .role(ParameterRole.BIAS, Init.zeros())
 *     .build()
 *     .initialize(model, 42);
 * }</pre>
 */
public final class ModelInitializer {
    private final List<Rule> rules;
    private final LintMode lint;

    private ModelInitializer(List<Rule> rules, LintMode lint) {
        this.rules = List.copyOf(rules);
        this.lint = lint;
    }

    /**
     * One rule.
     *
     * @param description what it matches, for reports
     * @param when the condition
     * @param initializer what it applies
     */
    public record Rule(String description, Predicate<ParameterSite> when, Initializer initializer) {
        /** Checks for nulls. */
        public Rule {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(when, "when");
            Objects.requireNonNull(initializer, "initializer");
        }
    }

    /**
     * What happened to one parameter.
     *
     * @param parameter the dotted name
     * @param rule the matching rule's description, or {@code ""} when none matched and the values were kept
     * @param initializer the applied initializer's description, or {@code ""}
     * @param expectedStd the std of the values the initializer drew ({@link Init#expectedStd}); NaN when no rule
     *     matched or the initializer does not say
     */
    public record Assignment(String parameter, String rule, String initializer, double expectedStd) {
        /** {@return whether a rule matched} */
        public boolean applied() {
            return !rule.isEmpty();
        }
    }

    /**
     * The result of {@link #initialize}.
     *
     * @param assignments one per parameter, in {@code namedParameters()} order
     * @param findings the lint's findings
     */
    public record Outcome(List<Assignment> assignments, List<LintFinding> findings) {
        /** {@return the names of the parameters no rule matched} */
        public List<String> untouched() {
            return assignments.stream().filter(a -> !a.applied()).map(Assignment::parameter).toList();
        }

        /**
         * {@return the std of the values its initializer drew; empty when no rule matched it or its initializer does
         * not say}
         *
         * @param parameter a dotted parameter name
         */
        public OptionalDouble expectedStd(String parameter) {
            return assignments.stream().filter(a -> a.parameter().equals(parameter) && !Double.isNaN(a.expectedStd()))
                    .mapToDouble(Assignment::expectedStd).findFirst();
        }
    }

    /** {@return an empty builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sensible defaults: a weight followed by ReLU or LeakyReLU gets He normal (fan_in, relu); followed by Tanh,
     * Xavier uniform with gain 5/3; followed by Sigmoid, Xavier uniform; followed by SELU, LeCun normal
     * ({@code kaiming_normal} with {@code nonlinearity=linear}); any other weight of rank >= 2 Xavier uniform.
     * "Followed by" looks through normalization and dropout layers ({@link ParameterSite#nextActivation()}): in
     * {@code Linear -> BatchNorm1d -> ReLU} the Linear's weight is before a ReLU and gets He.
     * Biases and normalization shifts get zeros, normalization scales ones.
     *
     * @return the initializer, with the lint in warning mode
     */
    public static ModelInitializer recommended() {
        Predicate<ParameterSite> matrix = s -> s.role() == ParameterRole.WEIGHT
                && s.parameter().value().shape().rank() >= 2;
        return builder()
                .rule("weight followed by ReLU/LeakyReLU", matrix.and(s -> next(s, "relu") || next(s, "leaky_relu")),
                        Init.kaimingNormal(0, FanMode.FAN_IN, "relu"))
                .rule("weight followed by Tanh", matrix.and(s -> next(s, "tanh")), Init.xavierUniform(Gain.of("tanh")))
                .rule("weight followed by Sigmoid", matrix.and(s -> next(s, "sigmoid")), Init.xavierUniform(1))
                .rule("weight followed by SELU", matrix.and(s -> next(s, "selu")),
                        Init.kaimingNormal(0, FanMode.FAN_IN, "linear"))
                .rule("other weights", matrix, Init.xavierUniform(1))
                .role(ParameterRole.BIAS, Init.zeros())
                .role(ParameterRole.NORM_SCALE, Init.ones())
                .role(ParameterRole.NORM_SHIFT, Init.zeros())
                .build();
    }

    private static boolean next(ParameterSite site, String nonlinearity) {
        return Gain.nonlinearityOf(site.nextActivation()).filter(nonlinearity::equals).isPresent();
    }

    /** {@return the rules, in matching order} */
    public List<Rule> rules() {
        return rules;
    }

    /**
     * Overwrites every parameter a rule matches (through {@link Parameter#set}), then runs the lint.
     *
     * @param model the model
     * @param seed the seed; the same seed gives the same values
     * @return what was applied where, and the lint's findings
     * @throws InitLintException in strict lint mode when a weight is symmetric
     */
    public Outcome initialize(Layer model, long seed) {
        List<Assignment> assignments = new ArrayList<>();
        for (ParameterSite site : ParameterSite.of(model)) {
            Rule rule = rules.stream().filter(r -> r.when().test(site)).findFirst().orElse(null);
            if (rule == null) {
                assignments.add(new Assignment(site.name(), "", "", Double.NaN));
                continue;
            }
            Parameter p = site.parameter();
            RandomGenerator stream = Seeds.stream(seed, site.name());
            Tensor scratch = p.value().backend().zeros(p.value().shape());
            rule.initializer().initialize(scratch, stream);
            p.set(scratch.toArray());
            assignments.add(new Assignment(site.name(), rule.description(), rule.initializer().toString(),
                    Init.expectedStd(rule.initializer(), p.value().shape()).orElse(Double.NaN)));
        }
        return new Outcome(List.copyOf(assignments), InitLint.check(model, lint));
    }

    /** Collects rules in matching order (the first matching rule wins). */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private LintMode lint = LintMode.WARN;

        private Builder() {
        }

        /**
         * {@return this}
         *
         * @param description what it matches, for reports
         * @param when the condition on the parameter's site
         * @param initializer what to apply
         */
        public Builder rule(String description, Predicate<ParameterSite> when, Initializer initializer) {
            rules.add(new Rule(description, when, initializer));
            return this;
        }

        /**
         * {@return this}
         *
         * @param role e.g. {@link ParameterRole#BIAS}
         * @param initializer what to apply
         */
        public Builder role(ParameterRole role, Initializer initializer) {
            return rule("role " + role, s -> s.role() == role, initializer);
        }

        /**
         * {@return this}
         *
         * @param layerKind the owner's {@code kind()}, e.g. {@code Conv2d} (case-insensitive)
         * @param role the parameter's role
         * @param initializer what to apply
         */
        public Builder kind(String layerKind, ParameterRole role, Initializer initializer) {
            return rule(layerKind + " " + role, s -> s.kind().equalsIgnoreCase(layerKind) && s.role() == role,
                    initializer);
        }

        /**
         * {@return this}
         *
         * @param nextKind the kind of the layer applied next, e.g. {@code ReLU} (case-insensitive)
         * @param role the parameter's role
         * @param initializer what to apply
         */
        public Builder followedBy(String nextKind, ParameterRole role, Initializer initializer) {
            String wanted = nextKind.toLowerCase(Locale.ROOT);
            return rule(role + " followed by " + nextKind,
                    s -> s.nextKind().toLowerCase(Locale.ROOT).equals(wanted) && s.role() == role, initializer);
        }

        /**
         * {@return this}
         *
         * @param name a dotted parameter name such as {@code 0.weight}
         * @param initializer what to apply
         */
        public Builder parameter(String name, Initializer initializer) {
            return rule("parameter " + name, s -> s.name().equals(name), initializer);
        }

        /**
         * {@return this}
         *
         * @param mode what the lint does after initialization; default {@link LintMode#WARN}
         */
        public Builder optLint(LintMode mode) {
            this.lint = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** {@return the initializer} */
        public ModelInitializer build() {
            return new ModelInitializer(rules, lint);
        }
    }
}
