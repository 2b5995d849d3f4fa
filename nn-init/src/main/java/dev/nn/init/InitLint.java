package dev.nn.init;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.ParameterRole;
import dev.nn.api.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the <em>symmetry problem</em>: a weight that feeds more than one unit but gives every unit the same
 * incoming weights (a constant such as zero, or identical rows). Such units compute the same output and receive the
 * same gradient, so gradient descent can never make them differ and the layer behaves like a single unit.
 */
public final class InitLint {
    private static final System.Logger LOG = System.getLogger(InitLint.class.getName());

    private InitLint() {
    }

    /**
     * {@return the findings (empty for OFF)}
     *
     * @param model a layer tree, after initialization
     * @param mode {@link LintMode#WARN} logs each finding, {@link LintMode#STRICT} throws, {@link LintMode#OFF}
     *     checks nothing
     * @throws InitLintException in strict mode when there is a finding
     */
    public static List<LintFinding> check(Layer model, LintMode mode) {
        if (mode == LintMode.OFF) {
            return List.of();
        }
        List<LintFinding> findings = findings(model);
        if (mode == LintMode.STRICT && !findings.isEmpty()) {
            throw new InitLintException(findings);
        }
        findings.forEach(f -> LOG.log(System.Logger.Level.WARNING, f.message()));
        return findings;
    }

    /**
     * {@return the weights (role WEIGHT, rank >= 2, more than one output unit) whose rows are all equal}
     *
     * @param model a layer tree
     */
    public static List<LintFinding> findings(Layer model) {
        List<LintFinding> out = new ArrayList<>();
        for (ParameterSite site : ParameterSite.of(model)) {
            Shape shape = site.parameter().value().shape();
            if (site.role() != ParameterRole.WEIGHT || shape.rank() < 2 || shape.dim(0) < 2 || shape.size() == 0) {
                continue;
            }
            float[] w = site.parameter().value().toArray();
            int units = shape.dim(0);
            int perUnit = w.length / units;
            if (!rowsEqual(w, units, perUnit)) {
                continue;
            }
            boolean constant = allEqual(w);
            String what = constant
                    ? "is constant (every value " + w[0] + ")"
                    : "has identical rows (every unit gets the same incoming weights)";
            out.add(new LintFinding(site.name(), site.kind(), shape, constant, "weight '" + site.name() + "' of "
                    + site.kind() + " " + shape + " " + what + ": all " + units + " units it feeds compute the same"
                    + " output and get the same gradient, so training can never make them differ (the symmetry"
                    + " problem). Initialize it randomly, e.g. kaiming_normal before ReLU or xavier_uniform"));
        }
        return out;
    }

    private static boolean rowsEqual(float[] w, int units, int perUnit) {
        for (int u = 1; u < units; u++) {
            for (int i = 0; i < perUnit; i++) {
                if (w[u * perUnit + i] != w[i]) {  // 0.0 equals -0.0 here, as in arithmetic
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean allEqual(float[] w) {
        for (float v : w) {
            if (v != w[0]) {
                return false;
            }
        }
        return true;
    }
}
