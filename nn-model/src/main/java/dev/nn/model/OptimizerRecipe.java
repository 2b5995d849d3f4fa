package dev.nn.model;

import dev.nn.api.NnException;
import dev.nn.api.layer.Parameter;
import dev.nn.core.optim.Adam;
import dev.nn.core.optim.AdamW;
import dev.nn.core.optim.Optimizer;
import dev.nn.core.optim.Sgd;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * Which optimizer trains a model, as plain data: {@code sgd} (momentum 0.9), {@code adam} or {@code adamw}, with its
 * learning rate and weight decay (L2 for sgd and adam, decoupled for adamw).
 *
 * @param kind {@code sgd}, {@code adam} or {@code adamw} (stored lower-case)
 * @param learningRate the learning rate, finite and &gt; 0
 * @param weightDecay the weight decay, finite and &gt;= 0
 */
public record OptimizerRecipe(String kind, double learningRate, double weightDecay) implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The optimizers a recipe names. */
    public static final List<String> KINDS = List.of("sgd", "adam", "adamw");
    /** SGD's momentum in a recipe. */
    public static final double SGD_MOMENTUM = 0.9;
    /** SGD's learning rate when none is given. */
    public static final double SGD_DEFAULT_LR = 0.05;

    /** Checks the kind and the numbers. */
    public OptimizerRecipe {
        kind = kind(kind);
        if (!(learningRate > 0 && learningRate < Double.POSITIVE_INFINITY)) {
            throw new NnException("The learning rate must be a finite number > 0, got " + learningRate
                    + " (e.g. 0.001 for adam, 0.05 for sgd)");
        }
        if (!(weightDecay >= 0 && weightDecay < Double.POSITIVE_INFINITY)) {
            throw new NnException("The weight decay must be a finite number >= 0, got " + weightDecay);
        }
    }

    /**
     * {@return the recipe, with the kind's usual learning rate when none is given}
     *
     * @param kind {@code sgd}, {@code adam} or {@code adamw}
     * @param learningRate the learning rate, or null for the default (0.05 for sgd, 0.001 otherwise)
     * @param weightDecay the weight decay
     */
    public static OptimizerRecipe of(String kind, Double learningRate, double weightDecay) {
        String k = kind(kind);
        return new OptimizerRecipe(k, learningRate != null ? learningRate
                : k.equals("sgd") ? SGD_DEFAULT_LR : k.equals("adam") ? Adam.DEFAULT_LR : AdamW.DEFAULT_LR,
                weightDecay);
    }

    /**
     * {@return the name, lower-cased}
     *
     * @param name an optimizer's name
     * @throws NnException when it is not one of {@link #KINDS}
     */
    public static String kind(String name) {
        String k = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (!KINDS.contains(k)) {
            throw new NnException("Unknown optimizer '" + name + "'. Valid: " + String.join(", ", KINDS));
        }
        return k;
    }

    /** {@return SGD's momentum factor, 0 for the adaptive optimizers} */
    public double momentum() {
        return kind.equals("sgd") ? SGD_MOMENTUM : 0;
    }

    /**
     * {@return a fresh optimizer over the parameters}
     *
     * @param parameters what it updates
     */
    public Optimizer create(List<Parameter> parameters) {
        return switch (kind) {
            case "sgd" -> new Sgd(parameters, learningRate, SGD_MOMENTUM, 0, weightDecay, false);
            case "adam" -> new Adam(parameters, learningRate, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2,
                    Adam.DEFAULT_EPS, weightDecay);
            default -> new AdamW(parameters, learningRate, AdamW.DEFAULT_BETA1, AdamW.DEFAULT_BETA2,
                    AdamW.DEFAULT_EPS, weightDecay);
        };
    }
}
